package dev.streamedge.perf.scaleout;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.cluster.ClusterClient;
import dev.streamedge.edge.cluster.ClusterInvalidations;
import dev.streamedge.edge.cluster.ClusterNode;
import dev.streamedge.edge.cluster.EtcdSettings;
import dev.streamedge.edge.cluster.LocalEtcd;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out scenarios, each against a fresh etcd and three in-process edges:
 *
 * <ol>
 *   <li>invalidation latency: N invalidations one after another; for each, the time from the put
 *       to the purge done on all three edges, and to {@code Completed} (every status reports it);
 *   <li>an etcd freeze (SIGSTOP) of S seconds under a steady load of cache hits: failed hits;
 *   <li>a partition between the edges and etcd (a TCP forwarder cut) while invalidations are
 *       issued: time from the heal until every edge applied all of them, missed and duplicated ones.
 * </ol>
 */
public final class ScaleOutRun {
  private static final Logger log = LoggerFactory.getLogger(ScaleOutRun.class);
  private static final int EDGES = 3;
  private static final int OBJECTS = 100;

  /** Results, for the report. */
  public record Result(int invalidations, double putP50, double putP99, double appliedP50, double appliedP99,
      double appliedMax, double completedP50, double completedP99, int freezeSeconds, long freezeRequests,
      long freezeFailures, double staleReportedAfter, double partitionSeconds, int partitionUpdates,
      double convergenceSeconds, long missed, long duplicated) {}

  private final Path dir;
  private final int invalidations;
  private final int freezeSeconds;
  private final int partitionSeconds;

  public ScaleOutRun(Path dir, int invalidations, int freezeSeconds, int partitionSeconds) {
    this.dir = dir;
    this.invalidations = invalidations;
    this.freezeSeconds = freezeSeconds;
    this.partitionSeconds = partitionSeconds;
  }

  private record Cluster(LocalEtcd etcd, List<Edge> edges, List<EdgeTarget> targets, List<ClusterNode> nodes,
      ClusterClient client, CountingOrigin origin, TcpCut cut) implements AutoCloseable {
    @Override
    public void close() {
      nodes.forEach(ClusterNode::close);
      edges.forEach(Edge::close);
      client.close();
      if (cut != null) {
        cut.close();
      }
      origin.close();
      etcd.close();
    }
  }

  private Cluster cluster(String name, boolean throughCut) {
    Path d = dir.resolve(name);
    LocalEtcd etcd = LocalEtcd.start(d.resolve("etcd"));
    CountingOrigin origin = new CountingOrigin(64 * 1024);
    TcpCut cut = throughCut ? new TcpCut(etcd.endpoint()) : null;
    List<URI> edgeEtcd = List.of(throughCut ? cut.endpoint() : etcd.endpoint());
    List<Edge> edges = new ArrayList<>();
    List<EdgeTarget> targets = new ArrayList<>();
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 1; i <= EDGES; i++) {
      String id = "edge-" + i;
      EdgeConfig cfg = EdgeConfigLoader.parse("edge: { name: " + id + ", listen: 127.0.0.1:0, cache: { dir: "
          + d.resolve(id) + ", maxSize: 256MiB } }\n"
          + "distribution:\n  origins: [ { id: origin, url: \"" + origin.url() + "\", connectTimeout: 1s,"
          + " connectionAttempts: 1, readTimeout: 5s } ]\n  defaultCacheBehavior: { targetOriginId: origin }\n", d);
      Edge edge = Edge.start(cfg);
      EdgeTarget target = new EdgeTarget(edge);
      EtcdSettings s = EtcdSettings.builder(edgeEtcd, id).cluster("perf")
          .advertiseUrl(URI.create("http://127.0.0.1:" + edge.port())).stateFile(d.resolve(id + ".cluster.json"))
          .configDir(d).build();
      edges.add(edge);
      targets.add(target);
      nodes.add(ClusterNode.start(target, cfg, s, Clock.systemUTC()));
    }
    ClusterClient client = ClusterClient.connect(etcd.endpoints(), "perf", Duration.ofSeconds(2), Clock.systemUTC());
    waitFor(Duration.ofSeconds(20), () -> client.members().size() == EDGES, "three edges registered");
    return new Cluster(etcd, edges, targets, nodes, client, origin, cut);
  }

  public Result run() throws Exception {
    double[] put = new double[invalidations];
    double[] applied = new double[invalidations];
    double[] completed = new double[invalidations];
    try (Cluster c = cluster("latency", false)) {
      // warm up the path (JIT, connections): not measured
      for (int i = 0; i < 20; i++) {
        invalidateAndWait(c, "warm-" + i, "/warm/" + i + "/*");
      }
      for (int i = 0; i < invalidations; i++) {
        double[] t = invalidateAndWait(c, "inv-" + i, "/videos/asset-" + i + "/*");
        put[i] = t[0];
        applied[i] = t[1];
        completed[i] = t[2];
      }
    }
    log.info("invalidation latency over {}: applied on all {} edges p50 {} ms, p99 {} ms", invalidations, EDGES,
        ms(pct(applied, 50)), ms(pct(applied, 99)));

    long[] freeze = new long[2];
    double staleAfter;
    try (Cluster c = cluster("freeze", false)) {
      staleAfter = freeze(c, freeze);
    }
    log.info("{} s etcd freeze: {} hits, {} failed; stale reported after {} s", freezeSeconds, freeze[0], freeze[1],
        staleAfter);

    double convergence;
    long[] missed = new long[2];
    int updates = 20;
    try (Cluster c = cluster("partition", true)) {
      convergence = partition(c, updates, missed);
    }
    log.info("partition of {} s with {} updates: converged {} s after the heal; {} missed, {} duplicated",
        partitionSeconds, updates, convergence, missed[0], missed[1]);

    return new Result(invalidations, pct(put, 50), pct(put, 99), pct(applied, 50), pct(applied, 99),
        Arrays.stream(applied).max().orElse(0), pct(completed, 50), pct(completed, 99), freezeSeconds, freeze[0], freeze[1],
        staleAfter, partitionSeconds, updates, convergence, missed[0], missed[1]);
  }

  /** {put acknowledged, purged on every edge, Completed seen} in seconds after the put started. */
  private double[] invalidateAndWait(Cluster c, String ref, String path) {
    String prefix = path.substring(0, path.length() - 1);
    long t0 = System.nanoTime();
    ClusterInvalidations.Submitted s = c.client().invalidations().submit(List.of(path), ref);
    long tPut = System.nanoTime();
    waitFor(Duration.ofSeconds(10), () -> c.targets().stream().allMatch(t -> t.purgedAt.containsKey(prefix)),
        "purged everywhere: " + path);
    long tApplied = c.targets().stream().mapToLong(t -> t.purgedAt.get(prefix)).max().orElseThrow();
    waitFor(Duration.ofSeconds(10), () -> c.client().invalidations().progress(s.invalidation().id()).orElseThrow()
        .status().equals("Completed"), "Completed: " + path);
    long tDone = System.nanoTime();
    return new double[] {(tPut - t0) / 1e9, (tApplied - t0) / 1e9, (tDone - t0) / 1e9};
  }

  private double freeze(Cluster c, long[] out) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    // fill every edge's cache
    for (Edge e : c.edges()) {
      for (int i = 0; i < OBJECTS; i++) {
        get(http, e, i);
      }
    }
    long originBefore = c.origin().requests();
    LongAdder requests = new LongAdder();
    LongAdder failures = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> load = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      int worker = w;
      load.add(pool.submit(() -> {
        int n = worker;
        while (!stop.get()) {
          Edge e = c.edges().get(n % EDGES);
          int status = get(http, e, n % OBJECTS);
          requests.increment();
          if (status != 200) {
            failures.increment();
          }
          n++;
        }
        return null;
      }));
    }
    pause(Duration.ofSeconds(1));
    c.etcd().freeze();
    long frozenAt = System.nanoTime();
    waitFor(Duration.ofSeconds(10), () -> c.nodes().stream().allMatch(ClusterNode::stale), "staleness reported");
    double staleAfter = (System.nanoTime() - frozenAt) / 1e9;
    pause(Duration.ofNanos(TimeUnit.SECONDS.toNanos(freezeSeconds) - (System.nanoTime() - frozenAt)));
    c.etcd().thaw();
    pause(Duration.ofSeconds(1));
    stop.set(true);
    for (Future<?> f : load) {
      f.get();
    }
    pool.shutdown();
    if (c.origin().requests() != originBefore) {
      log.warn("the origin was asked {} time(s) during the freeze run", c.origin().requests() - originBefore);
    }
    out[0] = requests.sum();
    out[1] = failures.sum();
    return Math.round(staleAfter * 10) / 10.0;
  }

  private static int get(HttpClient http, Edge e, int object) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + "/seg/" + object + ".ts"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException ex) {
      return -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private double partition(Cluster c, int updates, long[] missedAndDuplicated) {
    invalidateAndWait(c, "before", "/before/*");
    c.cut().cut();
    long cutAt = System.nanoTime();
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < updates; i++) {
      String path = "/partition/" + i + "/*";
      c.client().invalidations().submit(List.of(path), "p-" + i);
      prefixes.add(path.substring(0, path.length() - 1));
    }
    pause(Duration.ofNanos(TimeUnit.SECONDS.toNanos(partitionSeconds) - (System.nanoTime() - cutAt)));
    long none = c.targets().stream().flatMap(t -> prefixes.stream().filter(t.purgedAt::containsKey)).count();
    if (none != 0) {
      log.warn("{} update(s) reached an edge through the cut", none);
    }
    c.cut().heal();
    long healedAt = System.nanoTime();
    waitFor(Duration.ofSeconds(30), () -> c.targets().stream().allMatch(t -> prefixes.stream().allMatch(t.purgedAt::containsKey)),
        "every edge applied every update made during the partition");
    long last = c.targets().stream().flatMap(t -> prefixes.stream().map(t.purgedAt::get)).mapToLong(Long::longValue).max()
        .orElseThrow();
    long missed = 0;
    long duplicated = 0;
    for (EdgeTarget t : c.targets()) {
      for (String p : prefixes) {
        int n = t.purges.getOrDefault(p, 0);
        missed += n == 0 ? 1 : 0;
        duplicated += Math.max(0, n - 1);
      }
    }
    missedAndDuplicated[0] = missed;
    missedAndDuplicated[1] = duplicated;
    return Math.round((last - healedAt) / 1e7) / 100.0;
  }

  private static void waitFor(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for: " + what);
      }
      LockSupport.parkNanos(200_000);
    }
  }

  private static void pause(Duration d) {
    if (!d.isNegative()) {
      LockSupport.parkNanos(d.toNanos());
    }
  }

  static double pct(double[] v, int p) {
    double[] s = v.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))];
  }

  static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
