package dev.streamedge.perf.bench;

import dev.streamedge.perf.bench.load.ExternalCommand;
import dev.streamedge.perf.bench.system.EdgeNode;
import dev.streamedge.perf.bench.system.Tools;
import dev.streamedge.perf.profile.ProfileRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamedge bench}: the edge side by side with nginx and Varnish on this machine (see
 * docs/benchmarks.md), or with {@code --profile}, the edge alone under the hit workloads with a
 * JFR recording summarized into its hottest frames and allocation sites.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the load benchmark: the streamedge edge, nginx (proxy_cache) and Varnish (malloc) in front of "
        + "the same origin on 127.0.0.1, measured interleaved over several rounds; prints one table (medians) and "
        + "writes it to perf/results/. Bounded (under 10 minutes by default); stops everything it started. "
        + "Needs nginx, varnish, wrk, curl, h2load (" + Tools.INSTALL_ALL + "); a missing one is named and its part "
        + "skipped.")
public final class BenchCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Rounds (medians are taken over them). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--seconds", defaultValue = "5", paramLabel = "N", description = "Seconds per wrk or h2load run. Default: ${DEFAULT-VALUE}.")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "10", paramLabel = "N",
      description = "Unmeasured seconds of playlist load for the edge before the first round (its JIT; half of it for "
          + "each other hit workload), followed by a rehearsal round of the edge alone, not counted (0: neither); nginx "
          + "and Varnish get a fifth of it plus 1 s per hit workload. Default: ${DEFAULT-VALUE}.")
  int warmupSeconds;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
      description = "wrk and h2load connections (h2load with 10 streams each). Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "wrk and h2load threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--viewers", paramLabel = "N", defaultValue = "300", description = "Simulated live viewers. Default: ${DEFAULT-VALUE}.")
  int viewers;

  @Option(names = "--live-seconds", defaultValue = "12", paramLabel = "N",
      description = "Seconds of live viewing per system and round. Default: ${DEFAULT-VALUE}.")
  int liveSeconds;

  @Option(names = "--collapse-clients", defaultValue = "50", paramLabel = "N",
      description = "Concurrent requests in the cold-collapse row. Default: ${DEFAULT-VALUE}.")
  int collapseClients;

  @Option(names = "--large-mib", defaultValue = "1024", paramLabel = "MIB",
      description = "Size of the large object in MiB. Default: ${DEFAULT-VALUE}.")
  long largeMib;

  @Option(names = "--systems", split = ",", defaultValue = "edge,nginx,varnish", paramLabel = "LIST",
      description = "Which systems to run: edge, nginx, varnish. Default: ${DEFAULT-VALUE}.")
  List<String> systems;

  @Option(names = "--edge-jvm-opts", defaultValue = "-Xmx1g", paramLabel = "OPTS",
      description = "JVM options of the edge's JVM (space-separated). Default: ${DEFAULT-VALUE} (at 512 MiB or "
          + "less, Netty's adaptive allocator stops pooling the edge's 256 KiB read buffers).")
  String edgeJvmOpts;

  @Option(names = "--nginx-workers", paramLabel = "N", defaultValue = "2", description = "nginx worker processes. Default: ${DEFAULT-VALUE}.")
  int nginxWorkers;

  @Option(names = "--varnish-storage", defaultValue = "2g", paramLabel = "SIZE",
      description = "varnishd -s malloc size; must hold the large object. Default: ${DEFAULT-VALUE}.")
  String varnishStorage;

  @Option(names = "--budget", defaultValue = "570", paramLabel = "SECONDS",
      description = "No round starts that would end after this many seconds. Default: ${DEFAULT-VALUE}.")
  int budgetSeconds;

  @Option(names = "--wait-quiet", defaultValue = "0", paramLabel = "MINUTES",
      description = "Before starting, wait up to this long for a quiet machine (1-min load average <= 2 and other "
          + "processes using <= 0.5 cores over 10 s); then run anyway. Default: ${DEFAULT-VALUE}.")
  int waitQuietMinutes;

  @Option(names = "--update-docs", description = "Also write the report into docs/benchmarks.md.")
  boolean updateDocs;

  @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes. Default: <home>/perf/results.")
  Path outOption;

  @Option(names = "--home", paramLabel = "DIR",
      description = "The streamedge checkout. Default: the launcher's (streamedge.home) or the current directory.")
  Path home;

  @Option(names = "--edge-build", paramLabel = "DIR", description = "Take the edge (streaming-edge/target: jar and "
      + "runtime-classpath.txt) from this checkout instead of --home's, e.g. a clean build of a given commit while the "
      + "working tree is being edited.")
  Path edgeBuild;

  @Option(names = "--keep-temp", description = "Keep the run directory (configs, logs, caches) for inspection.")
  boolean keepTemp;

  @Option(names = "--profile", description = "Instead of the comparison: run the edge alone under the hit workloads "
      + "with JFR (and async-profiler when available) and print its hottest frames and allocation sites (written to "
      + "perf/results/profile-<time>.md).")
  boolean profile;

  @Option(names = "--async-profiler", paramLabel = "FILE", description = "With --profile: async-profiler's "
      + "libasyncProfiler.so or its Maven jar (tools.profiler:async-profiler); default: the newest one in ~/.m2. Adds "
      + "native and kernel frames to the CPU profile.")
  Path asyncProfiler;

  @Option(names = "--profile-seconds", defaultValue = "20", paramLabel = "N",
      description = "With --profile: seconds per workload. Default: ${DEFAULT-VALUE}.")
  int profileSeconds;

  private final Clock clock;

  public BenchCommand() {
    this(Clock.systemUTC());
  }

  BenchCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = home != null ? home : Path.of(System.getProperty("streamedge.home", ".")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("perf/conf"))) {
      err.println("streamedge bench: " + root + " is not a streamedge checkout (no perf/conf); use --home DIR");
      return 2;
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String s : systems) {
      String name = switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "edge" -> ResultTable.EDGE;
        case "nginx" -> ResultTable.NGINX;
        case "varnish" -> ResultTable.VARNISH;
        default -> null;
      };
      if (name == null) {
        err.println("streamedge bench: --systems: unknown system '" + s + "' (edge, nginx, varnish)");
        return 2;
      }
      chosen.add(name);
    }
    Tools tools = Tools.find();
    for (String line : tools.missing()) {
      err.println("streamedge bench: " + line);
    }
    Path outDir = outOption != null ? outOption : root.resolve("perf/results");
    Files.createDirectories(outDir);
    List<String> jvm = edgeJvmOpts.isBlank() ? List.of() : List.of(edgeJvmOpts.strip().split("\\s+"));
    BenchSettings settings = new BenchSettings(root, rounds, Duration.ofSeconds(seconds), Duration.ofSeconds(warmupSeconds), threads, connections,
        largeMib << 20, collapseClients, viewers, Duration.ofSeconds(liveSeconds), chosen, jvm, nginxWorkers,
        varnishStorage, Duration.ofSeconds(budgetSeconds), outDir, keepTemp);
    Instant started = clock.instant();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(started.atOffset(ZoneOffset.UTC));
    if (waitQuietMinutes > 0) {
      waitForQuiet(Duration.ofMinutes(waitQuietMinutes), err);
    }
    double load = MachineFacts.loadAverage();
    if (load > BenchReport.BUSY_LOAD) {
      err.printf(Locale.ROOT, "streamedge bench: the machine is busy (1-min load average %.2f): figures will be noisy%n", load);
    }
    Path runDir = Files.createTempDirectory("streamedge-bench-");
    try {
      EdgeNode.Launch launch = edgeLaunch(root, edgeBuild != null ? edgeBuild.toAbsolutePath() : root, runDir, jvm);
      if (profile) {
        Path ap = asyncProfiler != null ? asyncProfiler : ProfileRun.findAsyncProfiler();
        if (ap == null) {
          err.println("streamedge bench: async-profiler not found (JFR only); for native and kernel frames: "
              + "mvn dependency:get -Dartifact=tools.profiler:async-profiler:4.2");
        }
        Path report = new ProfileRun(settings, tools, launch, Duration.ofSeconds(profileSeconds), ap)
            .run(runDir, outDir.resolve("profile-" + stamp));
        out.println(Files.readString(report, StandardCharsets.UTF_8));
        out.println("written to " + report);
        return 0;
      }
      BenchRun run = new BenchRun(settings, tools, launch, clock);
      run.run(runDir);
      BenchReport report = new BenchReport(started, revision(edgeBuild != null ? edgeBuild.toAbsolutePath() : root),
          MachineFacts.describe(tools), load, run.foreignCpu(), settings.describe(), run.measurements());
      String md = report.markdown();
      Path file = outDir.resolve("bench-" + stamp + ".md");
      Files.writeString(file, md, StandardCharsets.UTF_8);
      out.println(md);
      out.println("written to " + file);
      if (updateDocs) {
        Path docs = root.resolve("docs/benchmarks.md");
        DocsTable.update(docs, md);
        out.println("updated " + docs);
      }
      if (report.busy()) {
        err.println("streamedge bench: the machine was busy (see the load line of the report); rerun when it is "
            + "quiet for figures worth comparing");
      }
      return 0;
    } finally {
      if (keepTemp) {
        out.println("run directory kept: " + runDir);
      } else {
        deleteTree(runDir);
      }
    }
  }

  /** Polls until the machine is quiet or {@code limit} has passed. */
  private static void waitForQuiet(Duration limit, PrintWriter err) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      ForeignCpu.Sample a = ForeignCpu.sample();
      Thread.sleep(10_000); // sampling a window of the machine's CPU use; nothing to wait on
      double others = ForeignCpu.cores(a, ForeignCpu.sample());
      double load = MachineFacts.loadAverage();
      if (load <= BenchReport.BUSY_LOAD && others <= BenchReport.BUSY_FOREIGN_CORES) {
        err.printf(Locale.ROOT, "streamedge bench: quiet (load %.2f, others %.2f cores); starting%n", load, others);
        return;
      }
      if (System.nanoTime() > deadline) {
        err.printf(Locale.ROOT, "streamedge bench: still busy after %d min (load %.2f, others %.2f cores); "
            + "running anyway%n", limit.toMinutes(), load, others);
        return;
      }
      log.info("waiting for a quiet machine: load {}, other processes {} cores", load,
          String.format(Locale.ROOT, "%.2f", others));
    }
  }

  /**
   * The edge's classpath: streaming-edge's jar and its runtime classpath file, as the launcher
   * builds them, with streamedge's own jars copied (a rebuild during the run must not change them
   * under the running JVM); else this JVM's own classpath, which holds the edge as a dependency of
   * perf.
   */
  static EdgeNode.Launch edgeLaunch(Path home, Path edgeBuild, Path runDir, List<String> jvmOptions) throws IOException {
    Path target = edgeBuild.resolve("streaming-edge/target");
    Path cpFile = target.resolve("runtime-classpath.txt");
    String classpath = System.getProperty("java.class.path");
    Path jar = null;
    if (Files.isRegularFile(cpFile) && Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        jar = files.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith("streaming-edge-") && n.endsWith(".jar") && !n.endsWith("-tests.jar") && !n.endsWith("-sources.jar");
        }).max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
      }
    }
    if (jar != null) {
      Path lib = Files.createDirectories(runDir.resolve("edge-lib"));
      List<String> entries = new ArrayList<>();
      entries.add(Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING).toString());
      for (String entry : Files.readString(cpFile, StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator)) {
        Path p = Path.of(entry);
        boolean ours = entry.contains("/dev/streamedge/") || entry.startsWith(edgeBuild.toString());
        entries.add(ours && Files.isRegularFile(p)
            ? Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING).toString() : entry);
      }
      classpath = String.join(java.io.File.pathSeparator, entries);
      log.info("edge from {}", jar);
    } else {
      log.info("edge from this JVM's classpath (no streaming-edge/target/runtime-classpath.txt)");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path logback = home.resolve("config/logback.xml");
    List<String> opts = new ArrayList<>(jvmOptions);
    return new EdgeNode.Launch(java, classpath, opts, Files.isRegularFile(logback) ? logback : null);
  }

  /** The git revision measured, with a mark when the edge's or the store's sources have local changes. */
  static String revision(Path home) {
    try {
      ExternalCommand.Result head = ExternalCommand.run(List.of("git", "-C", home.toString(), "rev-parse", "--short", "HEAD"),
          Duration.ofSeconds(10));
      if (!head.ok()) {
        return "an unknown revision";
      }
      ExternalCommand.Result dirty = ExternalCommand.run(List.of("git", "-C", home.toString(), "status", "--porcelain",
          "--", "streaming-edge/src/main", "segment-store/src/main"), Duration.ofSeconds(10));
      return "`" + head.stdout().strip() + "`" + (dirty.ok() && !dirty.stdout().isBlank()
          ? " (with uncommitted changes in the edge or store sources)" : "");
    } catch (RuntimeException e) {
      return "an unknown revision";
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.debug("could not delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete the run directory {}: {}", dir, e.toString());
    }
  }
}
