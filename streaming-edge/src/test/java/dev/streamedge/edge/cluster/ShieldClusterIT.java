package dev.streamedge.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.edge.shield.Rendezvous;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three edges behind two shields, configured and joined through a real etcd: 50 viewers per edge
 * play 100 segments, and the origin sees each segment exactly once, through the one shield
 * rendezvous hashing names for it (never from an edge directly). Then a shield dies in the middle
 * of the next 100 segments (still registered: the edges find out passively): every viewer is still
 * served, its segments move to the other shield, and none leaves the origin more than twice.
 */
class ShieldClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int EDGES = 3;
  private static final int VIEWERS_PER_EDGE = 50;
  private static final int SEGMENTS = 100;
  private static final int SEGMENT_BYTES = 16 * 1024;

  @TempDir
  Path dir;
  private EtcdProcess etcd;
  private TestOrigin origin;
  private final List<Edge> servers = new ArrayList<>();
  private final List<ClusterNode> nodes = new ArrayList<>();

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start(dir);
    origin = TestOrigin.start();
  }

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
    servers.forEach(Edge::close);
    origin.close();
    etcd.close();
  }

  private String distribution() {
    return "distribution:\n  origins: [ { id: origin, url: \"" + origin.url() + "\", connectTimeout: 1s,"
        + " connectionAttempts: 1, readTimeout: 5s } ]\n  defaultCacheBehavior: { targetOriginId: origin }\n";
  }

  private Edge node(String id, NodeRole role) {
    EdgeConfig cfg = EdgeConfigLoader.parse("edge: { name: " + id + ", listen: 127.0.0.1:0, cache: { dir: "
        + dir.resolve(id) + ", maxSize: 64MiB } }\n" + distribution(), dir);
    Edge edge = Edge.start(cfg);
    servers.add(edge);
    EtcdSettings s = EtcdSettings.builder(etcd.endpoints(), id).cluster("tier").role(role)
        .advertiseUrl(URI.create("http://127.0.0.1:" + edge.port())).stateFile(dir.resolve(id + ".cluster.json"))
        .configDir(dir).leaseTtl(Duration.ofSeconds(3)).heartbeat(Duration.ofMillis(250)).build();
    nodes.add(ClusterNode.start(edge, cfg, s));
    return edge;
  }

  private static String segment(int n) {
    return "/gen/" + SEGMENT_BYTES + "/tier/seg-" + n + ".ts";
  }

  /** Every viewer plays segments [from, to); returns failed requests. */
  private long play(List<Edge> edges, int from, int to, Runnable atSegment, int triggerAt) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    ExecutorService viewers = Executors.newFixedThreadPool(EDGES * VIEWERS_PER_EDGE);
    LongAdder failed = new LongAdder();
    AtomicInteger done = new AtomicInteger();
    int total = EDGES * VIEWERS_PER_EDGE * (to - from);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (Edge e : edges) {
        for (int v = 0; v < VIEWERS_PER_EDGE; v++) {
          all.add(viewers.submit(() -> {
            for (int s = from; s < to; s++) {
              if (fetch(http, e, segment(s)) != SEGMENT_BYTES) {
                failed.increment();
              }
              if (done.incrementAndGet() == triggerAt && atSegment != null) {
                atSegment.run();
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      viewers.shutdownNow();
    }
    assertThat(done.get()).isEqualTo(total);
    return failed.sum();
  }

  private static long fetch(HttpClient http, Edge e, String path) {
    try {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        long n = in.transferTo(java.io.OutputStream.nullOutputStream());
        return r.statusCode() == 200 ? n : -r.statusCode();
      }
    } catch (IOException ex) {
      return -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Map<Long, Integer> originRequestsPerSegment(int from, int to) {
    Map<Long, Integer> histogram = new TreeMap<>();
    for (int s = from; s < to; s++) {
      histogram.merge(origin.requestsFor(segment(s)), 1, Integer::sum);
    }
    return histogram;
  }

  @Test
  void eachSegmentLeavesTheOriginOnceThroughItsShieldAndAtMostTwiceWhileOneDies(TestReporter report) throws Exception {
    try (ClusterClient client = ClusterClient.connect(etcd.endpoints(), "tier", Duration.ofSeconds(2), Clock.systemUTC())) {
      client.pushDistribution(distribution(), dir);
    }
    Edge shield1 = node("shield-1", NodeRole.SHIELD);
    node("shield-2", NodeRole.SHIELD);
    List<Edge> edges = new ArrayList<>();
    for (int i = 1; i <= EDGES; i++) {
      edges.add(node("edge-" + i, NodeRole.EDGE));
    }
    for (ClusterNode n : nodes) {
      if (n.settings().role() == NodeRole.EDGE) {
        Await.until(WAIT, () -> n.view().shields().size() == 2, n.settings().nodeId() + " sees both shields");
      }
    }

    assertThat(play(edges, 0, SEGMENTS, null, 0)).isZero();
    Map<Long, Integer> first = originRequestsPerSegment(0, SEGMENTS);
    report.publishEntry("first 100 segments, origin requests per segment -> segments", first.toString());
    System.err.println("ShieldClusterIT: first 100 segments, origin requests per segment -> segments: " + first);
    for (int s = 0; s < SEGMENTS; s++) {
      String seg = segment(s);
      if (origin.requestsFor(seg) > 1) {
        System.err.println("ShieldClusterIT: " + seg + " reached the origin through " + viaOf(seg) + " with Range "
            + origin.requests().stream().filter(r -> URI.create(r.uri()).getPath().equals(seg))
                .map(r -> r.header("Range")).toList());
      }
    }
    assertThat(first).isEqualTo(Map.of(1L, SEGMENTS));
    Rendezvous<String> ring = Rendezvous.of(List.of("shield-1", "shield-2"), java.util.function.Function.identity());
    int[] perShield = new int[2];
    for (int s = 0; s < SEGMENTS; s++) {
      // a miss under a slicing behavior (the default) starts with a probe for slice 0, so even a small
      // object is placed as slice 0 of its key: the same choice on every edge
      String owner = ring.ranked(segment(s) + " ", 0).get(0);
      perShield[owner.equals("shield-1") ? 0 : 1]++;
      assertThat(viaOf(segment(s))).as("segment %d goes to the origin through its HRW shield %s", s, owner)
          .allSatisfy(via -> assertThat(via).contains(owner).doesNotContain(other(owner)));
    }
    assertThat(perShield[0]).isPositive();
    assertThat(perShield[1]).isPositive();

    // the next 100 segments; shield-1 stops a third of the way through (its membership stays: found out passively)
    int third = EDGES * VIEWERS_PER_EDGE * SEGMENTS / 3;
    long killedAfter = origin.requests().size();
    assertThat(play(edges, SEGMENTS, 2 * SEGMENTS, shield1::close, third)).isZero();
    Map<Long, Integer> second = originRequestsPerSegment(SEGMENTS, 2 * SEGMENTS);
    report.publishEntry("next 100 segments, shield-1 stopped a third of the way: origin requests per segment -> segments",
        second.toString());
    System.err.println("ShieldClusterIT: next 100 segments, shield-1 stopped a third of the way: " + second);
    assertThat(second.keySet()).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
    // after the stop, shield-1's segments came through shield-2 (the second choice), still never from an edge
    List<String> lastVias = origin.requests().subList((int) killedAfter, origin.requests().size()).stream()
        .map(r -> r.header("Via")).toList();
    assertThat(lastVias).allSatisfy(v -> assertThat(v).contains("shield-"));
    String lastSegmentVia = viaOf(segment(2 * SEGMENTS - 1)).get(0);
    assertThat(lastSegmentVia).contains("shield-2");
  }

  private List<String> viaOf(String path) {
    return origin.requests().stream().filter(r -> URI.create(r.uri()).getPath().equals(path)).map(r -> r.header("Via"))
        .toList();
  }

  private static String other(String shield) {
    return shield.equals("shield-1") ? "shield-2" : "shield-1";
  }
}
