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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  /** After its warm-up on each workload alone, the edge gets every workload at once, in cycles of this length... */
  static final Duration MIXED_CYCLE = Duration.ofSeconds(6);
  /** ...at least this many... */
  static final int MIN_MIXED_CYCLES = 2;
  /** ...then until its JIT compilers used less than this much CPU in one cycle (under 2% of a core)... */
  static final long QUIET_COMPILER_MILLIS = 100;
  /** ...or for at most this many cycles... */
  static final int MAX_MIXED_CYCLES = 3;
  /**
   * ...and last the playlist alone, the first row of a round, in runs of this length until the
   * compilers used under {@link #QUIET_PLAYLIST_MILLIS} in one, at most {@link #MAX_PLAYLIST_RUNS}
   * (the time budget holds three rounds with all of it).
   */
  static final Duration PLAYLIST_RUN = Duration.ofSeconds(4);
  static final long QUIET_PLAYLIST_MILLIS = 60;
  static final int MAX_PLAYLIST_RUNS = 5;

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
            warmUp(s, load, origin);
          }
        }
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
   * workload alone, then, for the edge, whose JIT compiles its hot paths under load,
   * {@link #untilCompiled}.
   */
  private void warmUp(SystemUnderTest s, Load load, BenchOrigin origin) {
    // nginx and Varnish need only their caches and the page cache warm; the edge's JIT needs longer
    // (C2 takes 0.3-0.8 s per hot method on a loaded 2-core machine).
    Duration d = s instanceof EdgeNode ? settings.warmup() : settings.warmup().dividedBy(5).plusSeconds(1);
    if (load.wrk() != null) {
      log.info("warming up {} ({} s per hit workload)", s.name(), d.toSeconds());
      guarded(s, "warm-up", () -> {
        load.wrk().run(s.baseUri().resolve(FixedContent.PLAYLIST), List.of(), d);
        load.wrk().run(s.baseUri().resolve(FixedContent.SEGMENT), List.of(), d);
        load.wrk().run(s.baseUri().resolve(FixedContent.OBJECT_4M), List.of(RANGE), d);
        // A new connection per request: the accept and connection set-up paths, which the
        // keep-alive workloads hardly touch and the cold-collapse row (50 new connections at once)
        // needs. Measured on the edge: 50 parallel 256 KiB hits on new connections took 43-57 ms
        // with those paths cold and 23-27 ms once warm.
        load.wrk().run(s.baseUri().resolve(FixedContent.PLAYLIST), List.of("Connection: close"),
            Duration.ofSeconds(Math.min(3, d.toSeconds())));
      });
    }
    // As long again over HTTPS for nginx. The edge's HTTP/2 path has its own hot code (the HTTP/2
    // codec, streams, flow control; measured: 2,400 -> 8,300 playlist hits/s over its first 10 s
    // alone), which untilCompiled runs in every cycle.
    if (s instanceof EdgeNode) {
      untilCompiled(s, load, origin);
    } else if (load.h2load() != null && s.httpsBaseUri().isPresent()) {
      URI https = s.httpsBaseUri().get();
      log.info("warming up {} over HTTPS + HTTP/2 ({} s per hit workload)", s.name(), d.toSeconds());
      for (String path : List.of(FixedContent.PLAYLIST, FixedContent.SEGMENT)) {
        guarded(s, "HTTPS + HTTP/2 warm-up of " + path, () -> load.h2load().run(https.resolve(path), List.of(), d));
      }
    }
  }

  /**
   * The end of the edge's warm-up: every workload of the rounds at once (the hit and range rows, a
   * new connection per request, HTTP/2, a 1 GiB download, a cold collapse and live viewers), as an
   * edge in service sees them, in {@link #MIXED_CYCLE} cycles, at least {@link #MIN_MIXED_CYCLES},
   * until its JIT compilers are quiet or for at most {@link #MAX_MIXED_CYCLES}; then the playlist
   * alone until the compilers are quiet ({@link #PLAYLIST_RUN}).
   *
   * <p>Why: C2 compiles what a workload runs with that workload's profile, assuming branches it has
   * not seen are never taken and call sites keep the types it has seen. The next workload breaks
   * those assumptions; the code is thrown away, runs interpreted or in C1, and is compiled again,
   * while it is being measured. With the warm-up of {@code dcf7407} (each workload alone, then the
   * playlist until its requests/s stopped rising) the edge's compilers used 1.0 s of CPU during
   * the first round's 5 s playlist run, 1.7 s during the first HTTPS playlist run and 1.7 s during
   * the second round's playlist run (after the live and collapse rows), and those runs measured
   * 34-39k requests/s where the quiet third round measured 52k. After 14 mixed cycles: 54 and 28 ms
   * during the playlist runs, but every workload at once keeps the compilers busy far longer than
   * one at a time (1.1-3.1 s per cycle over all 14, 105 s that cost the run its third round), so
   * the cycles are few and the playlist alone finishes what they leave. What the compilers used
   * during every measured run is in the report's notes.
   */
  private void untilCompiled(SystemUnderTest s, Load load, BenchOrigin origin) {
    int minCycles = MIN_MIXED_CYCLES;
    log.info("warming up {} with every workload at once: {} s cycles, at least {}, until its JIT compilers use under "
        + "{} ms in one, at most {}", s.name(), MIXED_CYCLE.toSeconds(), minCycles, QUIET_COMPILER_MILLIS, MAX_MIXED_CYCLES);
    String stream = "warm-up-" + s.name().toLowerCase(Locale.ROOT);
    BenchOrigin.Settings o = origin.settings();
    origin.openLiveStream(stream, new LiveTimeline(clock.instant().minus(o.segmentDuration().multipliedBy(o.window())),
        o.segmentDuration(), o.window()));
    List<String> compiled = new ArrayList<>();
    boolean quiet = false;
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-warm-up");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int cycle = 1; cycle <= MAX_MIXED_CYCLES && !quiet; cycle++) {
        long before = compilerMillis(s);
        List<Future<?>> running = new ArrayList<>();
        for (Runnable workload : mixedWorkloads(s, load, cycle, stream, o)) {
          running.add(pool.submit(() -> guarded(s, "warm-up", workload)));
        }
        for (Future<?> f : running) {
          try {
            f.get();
          } catch (ExecutionException e) {
            log.warn("{}: a warm-up workload failed: {}", s.name(), e.getCause().toString());
          }
        }
        long used = before < 0 ? -1 : compilerMillis(s) - before;
        compiled.add(used < 0 ? "?" : Long.toString(used));
        quiet = cycle >= minCycles && used >= 0 && used < QUIET_COMPILER_MILLIS;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
    String how = quiet ? "quiet" : "still compiling after " + MAX_MIXED_CYCLES + " cycles";
    log.info("{} warm-up: JIT compiler CPU per {} s cycle (ms): {} ({})", s.name(), MIXED_CYCLE.toSeconds(),
        String.join(", ", compiled), how);
    // Every workload at once leaves methods the playlist needs half compiled (the compilers get
    // a small share of two cores while it runs): measured, 1.1 s of compiler CPU during the first
    // measured playlist run after five such cycles. The playlist alone finishes them.
    List<String> playlist = new ArrayList<>();
    boolean playlistQuiet = false;
    if (load.wrk() != null) {
      for (int run = 1; run <= MAX_PLAYLIST_RUNS && !playlistQuiet; run++) {
        long before = compilerMillis(s);
        guarded(s, "warm-up", () -> load.wrk().run(s.baseUri().resolve(FixedContent.PLAYLIST), List.of(), PLAYLIST_RUN));
        long used = before < 0 ? -1 : compilerMillis(s) - before;
        playlist.add(used < 0 ? "?" : Long.toString(used));
        playlistQuiet = used >= 0 && used < QUIET_PLAYLIST_MILLIS;
      }
      log.info("{} warm-up: JIT compiler CPU per {} s playlist run (ms): {}", s.name(), PLAYLIST_RUN.toSeconds(),
          String.join(", ", playlist));
    }
    all.note(s.name() + " warm-up: after " + settings.warmup().toSeconds() + " s of each HTTP/1.1 hit workload alone, every workload "
        + "at once in " + compiled.size() + " cycles of " + MIXED_CYCLE.toSeconds() + " s (at least " + minCycles
        + ", until its JIT compilers used under " + QUIET_COMPILER_MILLIS + " ms of CPU in one, at most "
        + MAX_MIXED_CYCLES + "); compiler CPU per cycle: " + String.join(", ", compiled) + " ms (" + how + "); then "
        + PLAYLIST_RUN.toSeconds() + " s playlist runs until the compilers used under " + QUIET_PLAYLIST_MILLIS
        + " ms in one, at most " + MAX_PLAYLIST_RUNS + ": " + String.join(", ", playlist) + " ms"
        + (playlistQuiet ? "" : " (still compiling)"));
  }

  /** One cycle of {@link #untilCompiled}: what runs at once, each for about {@link #MIXED_CYCLE}. */
  private List<Runnable> mixedWorkloads(SystemUnderTest s, Load load, int cycle, String stream, BenchOrigin.Settings o) {
    List<Runnable> w = new ArrayList<>();
    URI base = s.baseUri();
    if (load.wrk() != null) {
      w.add(() -> load.wrk().run(base.resolve(FixedContent.PLAYLIST), List.of(), MIXED_CYCLE));
      w.add(() -> load.wrk().run(base.resolve(FixedContent.SEGMENT), List.of(), MIXED_CYCLE));
      w.add(() -> load.wrk().run(base.resolve(FixedContent.OBJECT_4M), List.of(RANGE), MIXED_CYCLE));
      w.add(() -> load.wrkSingle().run(base.resolve(FixedContent.OBJECT_4M), List.of(RANGE), MIXED_CYCLE));
      // A new connection per request: the accept and connection set-up paths, which the keep-alive
      // workloads hardly touch and the cold-collapse row (50 new connections at once) needs.
      w.add(() -> load.wrkSingle().run(base.resolve(FixedContent.PLAYLIST), List.of("Connection: close"), MIXED_CYCLE));
    }
    if (load.h2load() != null && s.httpsBaseUri().isPresent()) {
      URI https = s.httpsBaseUri().get();
      w.add(() -> load.h2load().run(https.resolve(FixedContent.PLAYLIST), List.of(), MIXED_CYCLE));
      w.add(() -> load.h2load().run(https.resolve(FixedContent.SEGMENT), List.of(), MIXED_CYCLE));
    }
    if (load.curl() != null) {
      w.add(() -> load.curl().get(base.resolve(FixedContent.OBJECT_1G), List.of(), Duration.ofMinutes(3)));
    }
    String slow = "/slow/warm-up-" + s.name().toLowerCase(Locale.ROOT) + "-" + cycle;
    w.add(() -> CollapseProbe.run(base.resolve(slow), settings.collapseClients(), o.slowBytes(), Duration.ofSeconds(30)));
    w.add(() -> {
      try {
        new LiveViewers(settings.viewers(), o.segmentDuration().dividedBy(2), MIXED_CYCLE)
            .run(base.resolve("/live/" + stream + "/index.m3u8"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return w;
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
    compilerDuringRuns.computeIfAbsent(scenario, k -> new ArrayList<>()).add(after - before);
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
