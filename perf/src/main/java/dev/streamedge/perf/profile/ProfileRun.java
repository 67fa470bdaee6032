package dev.streamedge.perf.profile;

import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.perf.bench.BenchSettings;
import dev.streamedge.perf.bench.load.CurlDownload;
import dev.streamedge.perf.bench.load.ExternalCommand;
import dev.streamedge.perf.bench.load.Wrk;
import dev.streamedge.perf.bench.load.WrkResult;
import dev.streamedge.perf.bench.origin.BenchOrigin;
import dev.streamedge.perf.bench.origin.FixedContent;
import dev.streamedge.perf.bench.system.EdgeNode;
import dev.streamedge.perf.bench.system.SystemUnderTest;
import dev.streamedge.perf.bench.system.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench --profile}: the edge alone, primed, under each hit workload (playlist, segment,
 * range) with its own JFR recording ({@code settings=profile}, started and stopped with {@code
 * jcmd}, so start-up and priming stay out of it), each summarized by {@link JfrHotFrames}. The
 * recordings are kept for JDK Mission Control.
 */
public final class ProfileRun {
  private static final Logger log = LoggerFactory.getLogger(ProfileRun.class);

  private record Workload(String name, String path, List<String> headers) {}

  private static final List<Workload> WORKLOADS = List.of(
      new Workload("playlist", FixedContent.PLAYLIST, List.of()),
      new Workload("segment", FixedContent.SEGMENT, List.of()),
      new Workload("range", FixedContent.OBJECT_4M, List.of("Range: bytes=1048576-2097151")));

  private final BenchSettings settings;
  private final Tools tools;
  private final EdgeNode.Launch launch;
  private final Duration perWorkload;

  private final Path asyncProfiler;

  /**
   * @param asyncProfiler async-profiler's {@code libasyncProfiler.so}, or the Maven artifact
   *     {@code tools.profiler:async-profiler} (a jar with the library inside), or null: then JFR only
   */
  public ProfileRun(BenchSettings settings, Tools tools, EdgeNode.Launch launch, Duration perWorkload,
      Path asyncProfiler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.launch = Objects.requireNonNull(launch, "launch");
    this.perWorkload = Objects.requireNonNull(perWorkload, "perWorkload");
    this.asyncProfiler = asyncProfiler;
  }

  /** The newest {@code tools.profiler:async-profiler} jar in the local Maven repository, if any. */
  public static Path findAsyncProfiler() {
    Path repo = Path.of(System.getProperty("user.home"), ".m2/repository/tools/profiler/async-profiler");
    if (!Files.isDirectory(repo)) {
      return null;
    }
    try (var versions = Files.walk(repo, 2)) {
      return versions.filter(p -> p.getFileName().toString().matches("async-profiler-[0-9.]+\\.jar"))
          .max(java.util.Comparator.comparing(Path::toString)).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** The native library: {@code asyncProfiler} itself, or extracted from the jar into {@code dir}. */
  private static Path nativeLibrary(Path asyncProfiler, Path dir) throws IOException {
    if (!asyncProfiler.toString().endsWith(".jar")) {
      return asyncProfiler;
    }
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(asyncProfiler.toFile())) {
      var entry = jar.getEntry("linux-x64/libasyncProfiler.so");
      if (entry == null) {
        throw new IllegalStateException(asyncProfiler + " has no linux-x64/libasyncProfiler.so");
      }
      Path lib = Files.createDirectories(dir).resolve("libasyncProfiler.so");
      try (var in = jar.getInputStream(entry)) {
        Files.copy(in, lib, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return lib;
    }
  }

  /** Runs and returns the report file ({@code outBase}.md; recordings in {@code outBase}/). */
  public Path run(Path runDir, Path outBase) throws IOException {
    Path wrkPath = tools.wrk().orElseThrow(() -> new IllegalStateException("--profile needs wrk: apt-get install wrk"));
    Path curlPath = tools.curl().orElseThrow(() -> new IllegalStateException("--profile needs curl: apt-get install curl"));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Files.createDirectories(outBase);
    Path filesDir = runDir.resolve("files");
    FixedContent.write(filesDir, 64L << 20); // the large object plays no part here
    List<String> jvm = new ArrayList<>(launch.jvmOptions());
    // Without this, JFR attributes samples to the nearest safepoint, not the hot line.
    jvm.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
    EdgeNode.Launch profiled = new EdgeNode.Launch(launch.java(), launch.classpath(), jvm, launch.logbackConfig());
    StringBuilder report = new StringBuilder(32_768);
    report.append("# Edge profile under the hit workloads\n\n").append("wrk ").append(settings.threads())
        .append(" threads, ").append(settings.connections()).append(" connections, ").append(perWorkload.toSeconds())
        .append(" s per workload; JFR settings=profile; edge JVM ").append(String.join(" ", jvm)).append("\n\n");
    try (RunningPackager files = Packager.start(PackagerConfig.builder().name("bench-origin").listen("127.0.0.1:0")
        .workDir(runDir.resolve("packager")).filesDir(filesDir).build());
        BenchOrigin origin = BenchOrigin.start(BenchOrigin.Settings.defaults(), Clock.systemUTC());
        EdgeNode edge = EdgeNode.start(new SystemUnderTest.Setup(runDir, settings.confDir(), files.baseUri(),
            origin.baseUri()), profiled)) {
      Path ap = asyncProfiler == null ? null : nativeLibrary(asyncProfiler, runDir.resolve("async-profiler"));
      CurlDownload curl = new CurlDownload(curlPath);
      Wrk wrk = new Wrk(wrkPath, settings.threads(), settings.connections());
      for (Workload w : WORKLOADS) {
        curl.get(edge.baseUri().resolve(w.path()), List.of(), Duration.ofSeconds(30));
        // Long enough for C2 to finish with the hot paths: compiler threads are not the edge's cost.
        wrk.run(edge.baseUri().resolve(w.path()), w.headers(), settings.warmup().multipliedBy(2));
        Path jfr = outBase.resolve(w.name() + ".jfr");
        Path collapsed = outBase.resolve(w.name() + "-cpu.collapsed");
        jcmd(jcmd, edge.servingPid(), "JFR.start", "name=" + w.name(), "settings=profile", "filename=" + jfr);
        if (ap != null) {
          // Loaded through the attach mechanism, as async-profiler's own launcher does; the options
          // are quoted, or jcmd's parser splits them at the first '='.
          jcmd(jcmd, edge.servingPid(), "JVMTI.agent_load", ap.toString(), "\"start,event=cpu,interval=1ms,threads\"");
        }
        WrkResult r = wrk.run(edge.baseUri().resolve(w.path()), w.headers(), perWorkload);
        if (ap != null) {
          jcmd(jcmd, edge.servingPid(), "JVMTI.agent_load", ap.toString(), "\"stop,file=" + collapsed + ",collapsed\"");
        }
        jcmd(jcmd, edge.servingPid(), "JFR.stop", "name=" + w.name());
        log.info("profiled {}: {} req/s", w.name(), String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()));
        report.append("## ").append(w.name()).append(" (").append(w.path()).append(w.headers().isEmpty() ? "" : ", "
            + String.join(", ", w.headers())).append(")\n\n")
            .append(String.format(Locale.ROOT, "wrk: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d errors; "
                + "recording: %s%n%n", r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), jfr))
            .append(ap != null && Files.isRegularFile(collapsed)
                ? "### CPU (async-profiler, " + collapsed.getFileName() + ")\n\n" + CollapsedStacks.read(collapsed).markdown(20)
                    + "\n### JFR (allocations, GC, Java-only samples)\n\n" : "")
            .append(JfrHotFrames.read(jfr).markdown(20)).append('\n');
      }
    }
    Path file = outBase.resolveSibling(outBase.getFileName() + ".md");
    Files.writeString(file, report, StandardCharsets.UTF_8);
    return file;
  }

  private static void jcmd(Path jcmd, long pid, String... args) {
    List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    cmd.addAll(List.of(args));
    ExternalCommand.Result r = ExternalCommand.run(cmd, Duration.ofSeconds(60));
    // An agent that fails to load still leaves jcmd with exit code 0; its return code is printed.
    if (!r.ok() || r.stdout().contains("return code:") && !r.stdout().contains("return code: 0")) {
      throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + r.stdout() + r.stderr());
    }
  }
}
