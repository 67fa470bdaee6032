package dev.streamedge.perf.bench;

import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.perf.bench.load.CollapseProbe;
import dev.streamedge.perf.bench.load.CurlDownload;
import dev.streamedge.perf.bench.load.H2load;
import dev.streamedge.perf.bench.load.H2loadResult;
import dev.streamedge.perf.bench.load.LiveViewers;
import dev.streamedge.perf.bench.load.Wrk;
import dev.streamedge.perf.bench.load.WrkResult;
import dev.streamedge.perf.bench.origin.BenchOrigin;
import dev.streamedge.perf.bench.origin.FixedContent;
import dev.streamedge.perf.bench.origin.LiveTimeline;
import dev.streamedge.perf.bench.system.EdgeNode;
import dev.streamedge.perf.bench.system.NginxCache;
import dev.streamedge.perf.bench.system.SystemUnderTest;
import dev.streamedge.perf.bench.system.Tools;
import dev.streamedge.perf.bench.system.VarnishCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: starts the origins and the systems under test, primes their caches, measures
 * every row for every system in rounds (systems interleaved, order rotated each round), reads
 * their peak memory, stops everything it started, and returns the measurements.
 *
 * <p>Rows and why they are measured this way:
 *
 * <ul>
 *   <li>hits (playlist, segment, range): wrk, keep-alive, 64 connections; a curl before each run
 *       checks the response is a hit (else a note says so: a miss would measure the origin);
 *   <li>the range on one connection: wrk with one thread and one keep-alive connection, in MB/s
 *       (a single viewer's throughput, as the 1 GiB row);
 *   <li>HTTPS + HTTP/2 hits (playlist, segment): h2load, 64 connections with 10 concurrent streams
 *       each, against the HTTPS listener in front of the same cache; a curl over HTTP/2 checks the
 *       hit first; Varnish has no TLS and no figure;
 *   <li>the large object: one curl download, body discarded; the origin served directly is
 *       measured beside it (goal: the edge within 10% of it);
 *   <li>cold collapse: a new path per system and round, so every run starts cold;
 *   <li>live: a new stream per system and round, so no cache starts warm, and the origin's request
 *       counts per path say how many requests each segment cost.
 * </ul>
 */
public final class BenchRun {
  private static final Logger log = LoggerFactory.getLogger(BenchRun.class);
  private static final String RANGE = "Range: bytes=1048576-2097151";
  private static final long RANGE_BYTES = 1L << 20;
  /** Concurrent streams per HTTP/2 connection (h2load {@code -m}); the row names say 10. */
  static final int H2_STREAMS = 10;
  /** Runs per system and round of the one-connection range row. */
  static final int SINGLE_CONNECTION_RUNS = 3;
  /**
   * 1 GiB downloads per system and round: a download takes 0.3-0.7 s here, and single downloads
   * of one build swing from 1.5 to 3.7 GB/s (the edge's and nginx's alike), so more of them than
   * of the 3 s range runs, for a few seconds per round.
   */
  static final int LARGE_DOWNLOADS = 5;
  private final BenchSettings settings;
  private final Tools tools;
  private final EdgeNode.Launch edgeLaunch;
  private final Clock clock;
  private final Measurements all = new Measurements();
  /** Where the current round's figures go: merged into {@link #all} if the round is kept. */
  private Measurements m = all;
  private final List<Double> foreign = new ArrayList<>();
  /** Per scenario, the edge's JIT compiler CPU (ms) during each measured run ({@link JitActivity}). */
  private final Map<String, List<Long>> compilerDuringRuns = new LinkedHashMap<>();
  /** The same during {@link #rehearse}, which is not counted. */
  private final Map<String, Long> rehearsalCompiler = new LinkedHashMap<>();
  private boolean rehearsing;

  public BenchRun(BenchSettings settings, Tools tools, EdgeNode.Launch edgeLaunch, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.edgeLaunch = Objects.requireNonNull(edgeLaunch, "edgeLaunch");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What the run measured (the kept rounds). */
  public Measurements measurements() {
    return all;
  }

  /** Cores' worth of CPU other processes used during each round ({@link ForeignCpu}). */
  public List<Double> foreignCpu() {
    return List.copyOf(foreign);
  }

  /** Runs everything; the run directory is deleted afterwards unless {@code keepTemp}. */
  public void run(Path runDir) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x")); // varnishd's jailed child
    Path filesDir = runDir.resolve("files");
    log.info("writing the fixed objects ({} MiB large object) under {}", settings.largeBytes() >> 20, filesDir);
    FixedContent.write(filesDir, settings.largeBytes());
    List<SystemUnderTest> systems = new ArrayList<>();
    try (RunningPackager files = Packager.start(PackagerConfig.builder().name("bench-origin").listen("127.0.0.1:0")
        .workDir(runDir.resolve("packager")).filesDir(filesDir).build());
        BenchOrigin origin = BenchOrigin.start(BenchOrigin.Settings.defaults(), clock)) {
      SystemUnderTest.Setup setup = new SystemUnderTest.Setup(runDir, settings.confDir(), files.baseUri(), origin.baseUri());
      try {
        startSystems(setup, systems);
        for (SystemUnderTest s : systems) {
          prime(s);
        }
        Load load = new Load(
            tools.wrk().map(p -> new Wrk(p, settings.threads(), settings.connections())).orElse(null),
            tools.wrk().map(p -> new Wrk(p, 1, 1)).orElse(null),
            tools.h2load().map(p -> new H2load(p, settings.threads(), settings.connections(), H2_STREAMS)).orElse(null),
            tools.curl().map(CurlDownload::new).orElse(null),
            tools.curl().map(CurlDownload::overHttp2).orElse(null));
        if (!settings.warmup().isZero()) {
          for (SystemUnderTest s : systems) {
            warmUp(s, load);
          }
        }
        rehearse(systems, files, origin, load);
        runRounds(started, systems, files, origin, load);
        noteCompilerActivity();
        for (SystemUnderTest s : systems) {
          if (s instanceof EdgeNode edge) {
            edge.tlsImplementation().ifPresent(t -> all.note("the edge's TLS: " + t + " (its startup log)"));
          }
          long rss = s.peakRssBytes();
          if (rss > 0) {
            m.add(Metric.PEAK_RSS, s.name(), rss / (1024.0 * 1024));
          }
          m.note("peak RSS of " + s.name() + ": " + s.rssScope());
        }
      } finally {
        for (SystemUnderTest s : systems) {
          s.close();
        }
      }
    }
  }

  private void startSystems(SystemUnderTest.Setup setup, List<SystemUnderTest> systems) {
    if (settings.systems().contains(ResultTable.EDGE)) {
      log.info("starting the edge");
      systems.add(EdgeNode.start(setup, edgeLaunch));
    }
    if (settings.systems().contains(ResultTable.NGINX)) {
      tools.nginx().ifPresentOrElse(p -> {
        log.info("starting nginx");
        systems.add(NginxCache.start(setup, p, settings.nginxWorkers()));
      }, () -> m.note("nginx is not installed: its column is empty (apt-get install nginx)"));
    }
    if (settings.systems().contains(ResultTable.VARNISH)) {
      tools.varnishd().ifPresentOrElse(p -> {
        log.info("starting varnishd");
        systems.add(VarnishCache.start(setup, p, settings.varnishStorage()));
      }, () -> m.note("Varnish is not installed: its column is empty (apt-get install varnish)"));
    }
  }

  /** Fetches every fixed object once through {@code s}, then checks the small ones are hits. */
  private void prime(SystemUnderTest s) {
    if (tools.curl().isEmpty()) {
      return;
    }
    CurlDownload curl = new CurlDownload(tools.curl().get());
    log.info("priming {}", s.name());
    for (String path : List.of(FixedContent.PLAYLIST, FixedContent.SEGMENT, FixedContent.OBJECT_4M, FixedContent.OBJECT_1G)) {
      CurlDownload.Result r = curl.get(s.baseUri().resolve(path), List.of(), Duration.ofMinutes(3));
      if (r.status() != 200) {
        m.note(s.name() + ": priming " + path + " answered " + r.status());
      }
    }
    // The HTTPS listener's first contact (one handshake, one stream), not the warm-up's 64 at once.
    if (s.httpsBaseUri().isPresent()) {
      CurlDownload.Result r = CurlDownload.overHttp2(tools.curl().get())
          .get(s.httpsBaseUri().get().resolve(FixedContent.PLAYLIST), List.of(), Duration.ofSeconds(30));
      if (r.status() != 200 || !r.protocol().equals("HTTP/2")) {
        m.note(s.name() + ": HTTPS " + FixedContent.PLAYLIST + " answered " + r.protocol() + " " + r.status());
      }
    }
  }

  /**
   * Rounds until {@code rounds} are kept. A round during which other processes used more than
   * {@link BenchReport#BUSY_FOREIGN_CORES} cores is measured again (at most twice in a run), as
   * long as another round fits in the time bound; otherwise it is kept and the report says so.
   */
  private void runRounds(long started, List<SystemUnderTest> systems, RunningPackager files, BenchOrigin origin,
      Load load) throws InterruptedException {
    int kept = 0;
    int attempt = 0;
    int maxAttempts = settings.rounds() + 2;
    long lastRound = 0;
    while (kept < settings.rounds() && attempt < maxAttempts) {
      if (attempt > 0 && System.nanoTime() - started + lastRound > settings.budget().toNanos()) {
        all.note(String.format(Locale.ROOT, "stopped after %d of %d rounds to stay within the %d s bound",
            kept, settings.rounds(), settings.budget().toSeconds()));
        return;
      }
      attempt++;
      long roundStart = System.nanoTime();
      log.info("round {} of {} (attempt {})", kept + 1, settings.rounds(), attempt);
      m = new Measurements();
      ForeignCpu.Sample before = ForeignCpu.sample();
      List<SystemUnderTest> order = new ArrayList<>(systems);
      Collections.rotate(order, -(attempt - 1));
      try {
        runRound(attempt, order, files, origin, load);
      } finally {
        Measurements round = m;
        m = all;
        double others = ForeignCpu.cores(before, ForeignCpu.sample());
        lastRound = System.nanoTime() - roundStart;
        boolean anotherFits = attempt < maxAttempts
            && System.nanoTime() - started + lastRound <= settings.budget().toNanos();
        String cores = String.format(Locale.ROOT, "%.2f", others);
        if (others > BenchReport.BUSY_FOREIGN_CORES && anotherFits) {
          log.info("round discarded: other processes used {} cores", cores);
          all.note("a round was measured again: other processes used " + cores + " cores during it");
          all.addNotes(round);
        } else {
          log.info("round kept: other processes used {} cores", cores);
          all.addAll(round);
          foreign.add(others);
          kept++;
        }
      }
    }
  }

  /**
   * Unmeasured load before the first round: a CDN edge is measured in its steady state. Each hit
   * workload alone; for the edge, whose JIT compiles its hot paths under load, then
   * {@link #rehearse} just before the first round.
   */
  private void warmUp(SystemUnderTest s, Load load) {
    // nginx and Varnish need only their caches and the page cache warm; the edge's JIT needs longer
    // (C2 takes 0.3-0.8 s per hot method on a loaded 2-core machine).
    Duration d = s instanceof EdgeNode ? settings.warmup() : settings.warmup().dividedBy(5).plusSeconds(1);
    // The edge's other workloads get half as long: its rehearsal round (rehearse) runs them all again.
    Duration rest = s instanceof EdgeNode ? d.dividedBy(2) : d;
    if (load.wrk() != null) {
      log.info("warming up {} ({} s per hit workload)", s.name(), d.toSeconds());
      guarded(s, "warm-up", () -> {
        load.wrk().run(s.baseUri().resolve(FixedContent.PLAYLIST), List.of(), d);
        load.wrk().run(s.baseUri().resolve(FixedContent.SEGMENT), List.of(), rest);
        load.wrk().run(s.baseUri().resolve(FixedContent.OBJECT_4M), List.of(RANGE), rest);
        // A new connection per request: the accept and connection set-up paths, which the
        // keep-alive workloads hardly touch and the cold-collapse row (50 new connections at once)
        // needs. Measured on the edge: 50 parallel 256 KiB hits on new connections took 43-57 ms
        // with those paths cold and 23-27 ms once warm.
        load.wrk().run(s.baseUri().resolve(FixedContent.PLAYLIST), List.of("Connection: close"),
            Duration.ofSeconds(Math.min(3, d.toSeconds())));
      });
    }
    // As long again over HTTPS: the edge's HTTP/2 path has its own hot code (the HTTP/2 codec,
    // streams, flow control), cold after the HTTP/1.1 workloads; measured: 2,400 -> 8,300 playlist
    // hits/s over the first 10 s.
    if (load.h2load() != null && s.httpsBaseUri().isPresent()) {
      URI https = s.httpsBaseUri().get();
      log.info("warming up {} over HTTPS + HTTP/2 ({} s per hit workload)", s.name(), rest.toSeconds());
      for (String path : List.of(FixedContent.PLAYLIST, FixedContent.SEGMENT)) {
        guarded(s, "HTTPS + HTTP/2 warm-up of " + path, () -> load.h2load().run(https.resolve(path), List.of(), rest));
      }
    }
  }

  /**
   * The end of the edge's warm-up, just before the first round: a whole round with the edge
   * alone, measured and thrown away (the JIT compilers' CPU during its runs goes to the notes).
   *
   * <p>Why: C2 compiles what a workload runs with that workload's profile, assuming branches it has
   * not seen are never taken and call sites keep the types it has seen. The next row (1 MiB hits,
   * HTTP/2, a miss, live) breaks those assumptions; the code is thrown away, runs interpreted or in
   * C1, and is compiled again while that row is measured. With each workload warmed alone (and the
   * playlist until its requests/s stopped rising, at {@code dcf7407}) the edge's compilers used
   * 1.0 and 1.7 s of CPU during the playlist runs of rounds 1 and 2 and 29 ms in round 3, and those
   * rounds measured 38.8k, 34.6k and 52.5k playlist hits/s. Tried before this, with the same
   * effect on the first two rounds: every workload at once in 6 s cycles until the compilers were
   * quiet (they never were: 1.1-3.1 s per cycle over 14 cycles on two shared cores, 105 s that
   * cost the run its third round), and three such cycles followed by the playlist alone until its
   * compiling stopped (32 ms in the last warm-up run, then 397 and 225 ms during the playlist runs
   * of rounds 1 and 2, after the other rows, against 5 ms in round 3).
   */
  private void rehearse(List<SystemUnderTest> systems, RunningPackager files, BenchOrigin origin, Load load)
      throws InterruptedException {
    List<SystemUnderTest> edge = systems.stream().filter(s -> s instanceof EdgeNode).toList();
    if (edge.isEmpty() || settings.warmup().isZero()) {
      return;
    }
    log.info("rehearsal: one round of the edge alone, not counted");
    Measurements thrownAway = new Measurements();
    m = thrownAway;
    rehearsing = true;
    try {
      runRound(0, edge, files, origin, load);
    } finally {
      m = all;
      rehearsing = false;
    }
    List<String> parts = new ArrayList<>();
    rehearsalCompiler.forEach((scenario, ms) -> parts.add(scenario + ": " + ms));
    if (!parts.isEmpty()) {
      all.note("edge rehearsal (a round of the edge alone before the first, not counted) JIT compiler CPU (ms) during "
          + "each run: " + String.join("; ", parts));
    }
  }

  private void runRound(int round, List<SystemUnderTest> order, RunningPackager files, BenchOrigin origin, Load load)
      throws InterruptedException {
    Wrk wrk = load.wrk();
    CurlDownload curl = load.curl();
    if (wrk != null) {
      for (SystemUnderTest s : order) {
        hits(s, wrk, curl, FixedContent.PLAYLIST, List.of(), 200, Metric.PLAYLIST_RPS, Metric.PLAYLIST_P50, Metric.PLAYLIST_P99);
      }
      for (SystemUnderTest s : order) {
        hits(s, wrk, curl, FixedContent.SEGMENT, List.of(), 200, Metric.SEGMENT_RPS, Metric.SEGMENT_P50, Metric.SEGMENT_P99);
      }
      for (SystemUnderTest s : order) {
        hits(s, wrk, curl, FixedContent.OBJECT_4M, List.of(RANGE), 206, Metric.RANGE_RPS, null, Metric.RANGE_P99);
      }
      // One viewer's throughput swings more between runs than the 64-connection rows (measured:
      // 2.0-2.9k requests/s for the same build in consecutive 5 s runs, the same for nginx), so
      // this row takes several shorter runs per system, interleaved, and the table their median.
      Duration single = singleRunTime();
      for (int run = 0; run < SINGLE_CONNECTION_RUNS; run++) {
        for (SystemUnderTest s : order) {
          singleRange(s, load.wrkSingle(), single);
        }
      }
    } else if (round == 1) {
      m.note("wrk is not installed: the hit and range rows are empty (apt-get install wrk)");
    }
    if (load.h2load() != null) {
      for (SystemUnderTest s : order) {
        h2Hits(s, load, FixedContent.PLAYLIST, Metric.H2_PLAYLIST_RPS, Metric.H2_PLAYLIST_P50, Metric.H2_PLAYLIST_P99);
      }
      for (SystemUnderTest s : order) {
        h2Hits(s, load, FixedContent.SEGMENT, Metric.H2_SEGMENT_RPS, Metric.H2_SEGMENT_P50, Metric.H2_SEGMENT_P99);
      }
    } else if (round == 1) {
      m.note("h2load is not installed: the HTTPS + HTTP/2 rows are empty (apt-get install nghttp2-client)");
    }
    if (curl != null) {
      // As the one-connection range row: several downloads per system, interleaved, the origin's
      // own download (the reference) among them.
      for (int run = 0; run < LARGE_DOWNLOADS; run++) {
        CurlDownload.Result direct = curl.get(files.baseUri().resolve(FixedContent.OBJECT_1G), List.of(),
            Duration.ofMinutes(3));
        if (direct.status() == 200) {
          m.add(Metric.LARGE_THROUGHPUT, "origin", direct.bytesPerSecond() / 1e6);
        }
        for (SystemUnderTest s : order) {
          guarded(s, "1 GiB download", () -> large(s, curl));
        }
      }
    }
    double originAlone = CollapseProbe.timeOne(origin.baseUri().resolve("/slow/direct-r" + round), Duration.ofSeconds(30));
    m.add(Metric.COLLAPSE_LAST_BYTE, "origin", originAlone);
    // The same clients straight at the origin (one origin request each, no cache): what receiving
    // 50 bodies at once costs this client on this machine, the floor under every system's figure.
    CollapseProbe.Result fanOut = CollapseProbe.run(origin.baseUri().resolve("/slow/direct-fanout-r" + round),
        settings.collapseClients(), origin.settings().slowBytes(), Duration.ofSeconds(30));
    if (fanOut.failed() == 0) {
      m.add(Metric.COLLAPSE_LAST_BYTE, "origin-fanout", fanOut.lastByteSeconds());
    }
    for (SystemUnderTest s : order) {
      guarded(s, "cold collapse", () -> collapse(round, s, origin));
    }
    for (SystemUnderTest s : order) {
      guardedLive(round, s, origin);
    }
  }

  private void hits(SystemUnderTest s, Wrk wrk, CurlDownload curl, String path, List<String> headers, int status,
      Metric rps, Metric p50, Metric p99) {
    guarded(s, rps.scenario(), () -> {
      URI url = s.baseUri().resolve(path);
      if (curl != null) {
        CurlDownload.Result check = curl.get(url, headers, Duration.ofSeconds(30));
        if (check.status() != status || !s.isHit(check.header("X-Cache"))) {
          m.note(String.format(Locale.ROOT, "%s: %s was not a hit before the run (status %d, X-Cache: %s)",
              s.name(), rps.scenario(), check.status(), check.header("X-Cache")));
        }
      }
      long jit = compilerMillis(s);
      WrkResult w = wrk.run(url, headers, settings.runTime());
      String compiled = compiledDuring(s, rps.scenario(), jit);
      log.info("  {} {}: {} req/s, p50 {} ms, p99 {} ms{}", s.name(), rps.scenario(),
          String.format(Locale.ROOT, "%,.0f", w.requestsPerSecond()), w.p50Millis(), w.p99Millis(), compiled);
      m.add(rps, s.name(), w.requestsPerSecond());
      if (p50 != null) {
        m.add(p50, s.name(), w.p50Millis());
      }
      m.add(p99, s.name(), w.p99Millis());
      if (w.errors() > 0) {
        m.note(String.format(Locale.ROOT, "%s: %s had %d errors or unexpected statuses in a run of %d requests",
            s.name(), rps.scenario(), w.errors(), w.requests()));
      }
    });
  }

  /**
   * One run of the one-connection range row: three fifths of a wrk run (3 s of the default 5 s),
   * at least 2 s, so the row's {@link #SINGLE_CONNECTION_RUNS} runs per system add little to a
   * round.
   */
  private Duration singleRunTime() {
    return Duration.ofSeconds(Math.max(2, Math.round(settings.runTime().toSeconds() * 0.6)));
  }

  /**
   * One connection asking for the same 1 MiB range back to back (keep-alive): the range row's
   * single-viewer throughput, in MB/s of body.
   */
  private void singleRange(SystemUnderTest s, Wrk single, Duration runTime) {
    guarded(s, Metric.RANGE_SINGLE.scenario(), () -> {
      WrkResult w = single.run(s.baseUri().resolve(FixedContent.OBJECT_4M), List.of(RANGE), runTime);
      double mbps = w.requestsPerSecond() * RANGE_BYTES / 1e6;
      log.info("  {} {}: {} MB/s", s.name(), Metric.RANGE_SINGLE.scenario(), String.format(Locale.ROOT, "%,.0f", mbps));
      m.add(Metric.RANGE_SINGLE, s.name(), mbps);
      if (w.errors() > 0) {
        m.note(String.format(Locale.ROOT, "%s: %s had %d errors or unexpected statuses in a run of %d requests",
            s.name(), Metric.RANGE_SINGLE.scenario(), w.errors(), w.requests()));
      }
    });
  }

  /** An HTTPS + HTTP/2 hit row for {@code s}; nothing for a system without TLS (Varnish). */
  private void h2Hits(SystemUnderTest s, Load load, String path, Metric rps, Metric p50, Metric p99) {
    if (s.httpsBaseUri().isEmpty()) {
      return;
    }
    guarded(s, rps.scenario(), () -> {
      URI url = s.httpsBaseUri().get().resolve(path);
      if (load.curlHttp2() != null) {
        CurlDownload.Result check = load.curlHttp2().get(url, List.of(), Duration.ofSeconds(30));
        if (check.status() != 200 || !check.protocol().equals("HTTP/2") || !s.isHit(check.header("X-Cache"))) {
          m.note(String.format(Locale.ROOT, "%s: %s was not an HTTP/2 hit before the run (%s %d, X-Cache: %s)",
              s.name(), rps.scenario(), check.protocol(), check.status(), check.header("X-Cache")));
        }
      }
      long jit = compilerMillis(s);
      H2loadResult r = load.h2load().run(url, List.of(), settings.runTime());
      String compiled = compiledDuring(s, rps.scenario(), jit);
      if (!r.applicationProtocol().equals("h2")) {
        m.note(String.format(Locale.ROOT, "%s: %s: h2load negotiated %s, not h2; no figure", s.name(), rps.scenario(),
            r.applicationProtocol()));
        return;
      }
      log.info("  {} {}: {} req/s, p50 {} ms, p99 {} ms{}", s.name(), rps.scenario(),
          String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()), String.format(Locale.ROOT, "%.2f", r.p50Millis()),
          String.format(Locale.ROOT, "%.2f", r.p99Millis()), compiled);
      m.add(rps, s.name(), r.requestsPerSecond());
      m.add(p50, s.name(), r.p50Millis());
      m.add(p99, s.name(), r.p99Millis());
      m.note(String.format(Locale.ROOT, "%s over HTTPS: %s, %s, ALPN %s (h2load)", s.name(), r.tlsProtocol(),
          r.cipher(), r.applicationProtocol()));
      if (r.errors() > 0) {
        m.note(String.format(Locale.ROOT, "%s: %s had %d failed requests (errors or unexpected statuses) of %d",
            s.name(), rps.scenario(), r.errors(), r.requests()));
      }
    });
  }

  private void large(SystemUnderTest s, CurlDownload curl) {
    CurlDownload.Result r = curl.get(s.baseUri().resolve(FixedContent.OBJECT_1G), List.of(), Duration.ofMinutes(3));
    if (r.status() != 200 || r.bytes() != settings.largeBytes()) {
      m.note(String.format(Locale.ROOT, "%s: the large download answered %d with %d bytes", s.name(), r.status(), r.bytes()));
      return;
    }
    if (!s.isHit(r.header("X-Cache"))) {
      m.note(s.name() + ": the large download was not a hit (X-Cache: " + r.header("X-Cache") + ")");
    }
    log.info("  {} 1 GiB: {} MB/s", s.name(), String.format(Locale.ROOT, "%,.0f", r.bytesPerSecond() / 1e6));
    m.add(Metric.LARGE_THROUGHPUT, s.name(), r.bytesPerSecond() / 1e6);
  }

  private void collapse(int round, SystemUnderTest s, BenchOrigin origin) {
    String path = "/slow/r" + round + "-" + s.name().toLowerCase(Locale.ROOT);
    CollapseProbe.Result r = CollapseProbe.run(s.baseUri().resolve(path), settings.collapseClients(),
        origin.settings().slowBytes(), Duration.ofSeconds(30));
    long originRequests = origin.requests(path);
    log.info("  {} collapse: {} origin request(s), last byte after {} s, {} failed", s.name(), originRequests,
        String.format(Locale.ROOT, "%.3f", r.lastByteSeconds()), r.failed());
    m.add(Metric.COLLAPSE_ORIGIN, s.name(), originRequests);
    if (r.failed() > 0) {
      m.note(String.format(Locale.ROOT, "%s: cold collapse: %d of %d requests failed", s.name(), r.failed(),
          settings.collapseClients()));
    } else {
      m.add(Metric.COLLAPSE_LAST_BYTE, s.name(), r.lastByteSeconds());
    }
  }

  private void guardedLive(int round, SystemUnderTest s, BenchOrigin origin) throws InterruptedException {
    String stream = "r" + round + "-" + s.name().toLowerCase(Locale.ROOT);
    BenchOrigin.Settings o = origin.settings();
    // Start the timeline a full window back, so the first playlist is already full.
    origin.openLiveStream(stream, new LiveTimeline(clock.instant().minus(o.segmentDuration().multipliedBy(o.window())),
        o.segmentDuration(), o.window()));
    LiveViewers.Result r;
    try {
      r = new LiveViewers(settings.viewers(), o.segmentDuration().dividedBy(2), settings.liveTime())
          .run(s.baseUri().resolve("/live/" + stream + "/index.m3u8"));
    } catch (RuntimeException e) {
      m.note(s.name() + ": live failed: " + e);
      return;
    }
    Map<String, Long> counts = origin.requestsUnder("/live/" + stream + "/");
    long segmentRequests = 0;
    long segments = 0;
    long playlistRequests = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getKey().endsWith(".ts")) {
        segmentRequests += e.getValue();
        segments++;
        if (e.getValue() > 1) {
          m.note(String.format(Locale.ROOT, "%s: live: %s reached the origin %d times", s.name(), e.getKey(),
              e.getValue()));
        }
      } else {
        playlistRequests += e.getValue();
      }
    }
    double perSegment = segments == 0 ? Double.NaN : (double) segmentRequests / segments;
    log.info("  {} live: {} segments fetched by viewers, {} origin requests for {} segments, p99 TTFB {} ms, {} failures",
        s.name(), r.segments(), segmentRequests, segments, String.format(Locale.ROOT, "%.1f", r.p99TtfbMillis()), r.failures());
    m.add(Metric.LIVE_ORIGIN_PER_SEGMENT, s.name(), perSegment);
    m.add(Metric.LIVE_P99_TTFB, s.name(), r.p99TtfbMillis());
    m.add(Metric.LIVE_PLAYLIST_ORIGIN_RATE, s.name(), playlistRequests / (double) settings.liveTime().toSeconds());
    if (r.failures() > 0) {
      m.note(String.format(Locale.ROOT, "%s: live: %d failed requests (of %d segment and %d playlist requests)",
          s.name(), r.failures(), r.segments(), r.playlists()));
    }
  }

  /** The edge's JIT compiler CPU so far (ms), or -1 for a system without a JIT or without /proc. */
  private static long compilerMillis(SystemUnderTest s) {
    return s instanceof EdgeNode ? JitActivity.compilerMillis(s.servingPid()) : -1;
  }

  /** Records the compiler CPU of a measured run that started at {@code before}; text for the log line. */
  private String compiledDuring(SystemUnderTest s, String scenario, long before) {
    long after = compilerMillis(s);
    if (before < 0 || after < 0) {
      return "";
    }
    if (rehearsing) {
      rehearsalCompiler.put(scenario, after - before);
    } else {
      compilerDuringRuns.computeIfAbsent(scenario, k -> new ArrayList<>()).add(after - before);
    }
    return ", JIT compiler " + (after - before) + " ms";
  }

  private void noteCompilerActivity() {
    if (compilerDuringRuns.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    compilerDuringRuns.forEach((scenario, ms) -> parts.add(scenario + ": " + ms.stream().map(String::valueOf)
        .collect(Collectors.joining(", "))));
    all.note("edge JIT compiler CPU (ms) during each measured run, all rounds: " + String.join("; ", parts));
  }

  /** The load generators and probes found on this machine; null where a tool is missing. */
  private record Load(Wrk wrk, Wrk wrkSingle, H2load h2load, CurlDownload curl, CurlDownload curlHttp2) {}

  private void guarded(SystemUnderTest s, String what, Runnable measurement) {
    try {
      measurement.run();
    } catch (RuntimeException e) {
      log.warn("{}: {} failed: {}", s.name(), what, e.toString());
      m.note(s.name() + ": " + what + " failed: " + e.getMessage());
    }
  }
}
