package dev.streamedge.player.demo;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.cluster.ClusterClient;
import dev.streamedge.edge.cluster.ClusterNode;
import dev.streamedge.edge.cluster.ClusterRoutes;
import dev.streamedge.edge.cluster.EtcdSettings;
import dev.streamedge.edge.cluster.LocalEtcd;
import dev.streamedge.edge.cluster.NodeRole;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.shield.ShieldSelector;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./streamedge demo --cluster}: the scale-out setup on loopback, in one JVM — etcd (when
 * installed; otherwise a static shield list), a file origin, two shields and three edges, all on
 * free ports, under {@code data/demo-cluster/} (made afresh on each run). The distribution is
 * pushed to etcd as {@code ./streamedge config push} would; the printed commands invalidate through
 * etcd and list the members. See docs/scale-out.md.
 */
public final class ClusterDemo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterDemo.class);
  static final String CLUSTER = "demo";
  private static final long SAMPLE_BYTES = 32L << 20;

  private final List<AutoCloseable> running;
  private final LocalEtcd etcd;
  private final RunningPackager origin;
  private final List<Edge> shields;
  private final List<Edge> edges;

  private ClusterDemo(List<AutoCloseable> running, LocalEtcd etcd, RunningPackager origin, List<Edge> shields,
      List<Edge> edges) {
    this.running = running;
    this.etcd = etcd;
    this.origin = origin;
    this.shields = shields;
    this.edges = edges;
  }

  /**
   * Starts everything under {@code workDir}; stops what started on failure.
   *
   * @param useEtcd false for the static shield list even when etcd is installed
   */
  public static ClusterDemo start(Path workDir, boolean useEtcd) {
    Objects.requireNonNull(workDir, "workDir");
    Path dir = workDir.toAbsolutePath().normalize();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      fresh(dir);
      Path files = Files.createDirectories(dir.resolve("files"));
      sample(files.resolve("sample.bin"));
      Files.writeString(files.resolve("hello.txt"), "hello from the origin, through a shield and an edge\n");
      Path originYaml = Files.writeString(dir.resolve("origin.yaml"), "packager:\n  name: origin\n"
          + "  listen: 127.0.0.1:0\n  workDir: " + dir.resolve("origin-work") + "\n  filesDir: " + files + "\n");
      RunningPackager origin = Packager.start(PackagerConfig.load(originYaml));
      started.add(origin);

      LocalEtcd etcd = null;
      if (useEtcd && LocalEtcd.binary().isPresent()) {
        etcd = LocalEtcd.start(dir.resolve("etcd"));
        started.add(etcd);
      } else {
        log.warn("etcd is not installed (apt-get install etcd-server): the edges get a static shield list instead");
      }
      String distribution = "distribution:\n  origins:\n    - { id: origin, url: \"" + origin.baseUri()
          + "\", connectTimeout: 1s, connectionAttempts: 2, readTimeout: 10s }\n"
          + "  defaultCacheBehavior: { targetOriginId: origin }\n"
          + "  cacheBehaviors:\n    - { pathPattern: \"/files/*\", targetOriginId: origin, defaultTtl: 3600 }\n";
      if (etcd != null) {
        try (ClusterClient c = ClusterClient.connect(etcd.endpoints(), CLUSTER, Duration.ofSeconds(5), Clock.systemUTC())) {
          c.pushDistribution(distribution, dir);
        }
      }
      List<Edge> shields = new ArrayList<>();
      List<Origin> shieldOrigins = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Edge s = node(dir, "shield-" + i, NodeRole.SHIELD, distribution, etcd, started);
        shields.add(s);
        shieldOrigins.add(ShieldSelector.shieldOrigin("shield-" + i, URI.create("http://127.0.0.1:" + s.port()),
            ShieldSelector.Timeouts.DEFAULT));
      }
      List<Edge> edges = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Edge e = node(dir, "edge-" + i, NodeRole.EDGE, distribution, etcd, started);
        if (etcd == null) {
          e.shields(ShieldSelector.of(shieldOrigins));
        }
        edges.add(e);
      }
      ClusterDemo demo = new ClusterDemo(started, etcd, origin, shields, edges);
      if (etcd != null) {
        demo.awaitMembers(5);
      }
      return demo;
    } catch (IOException e) {
      closeAll(started);
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static Edge node(Path dir, String id, NodeRole role, String distribution, LocalEtcd etcd,
      List<AutoCloseable> started) {
    EdgeConfig cfg = EdgeConfigLoader.parse("edge: { name: " + id + ", listen: 127.0.0.1:0, adminListen: 127.0.0.1:0,"
        + " cache: { dir: \"" + dir.resolve(id) + "\", maxSize: 1GiB } }\n" + distribution, dir);
    Edge edge = Edge.start(cfg);
    started.add(edge);
    if (etcd != null) {
      EtcdSettings s = EtcdSettings.builder(etcd.endpoints(), id).cluster(CLUSTER).role(role)
          .advertiseUrl(URI.create("http://127.0.0.1:" + edge.port()))
          .adminUrl(URI.create("http://127.0.0.1:" + edge.adminAddress().getPort()))
          .stateFile(dir.resolve(id + ".cluster.json")).configDir(dir).build();
      ClusterNode node = ClusterNode.start(edge, cfg, s);
      // closed before its edge: the list is closed in reverse
      started.add(node);
      ClusterRoutes.mount(edge.admin(), node);
      edge.admin().add("GET", "/readyz", ClusterRoutes.readyz(node, () -> true));
    }
    return edge;
  }

  private void awaitMembers(int count) {
    try (ClusterClient c = ClusterClient.connect(etcd.endpoints(), CLUSTER, Duration.ofSeconds(2), Clock.systemUTC())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (c.members().size() < count) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the nodes did not all register in etcd within 15 s");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
  }

  /** Deterministic bytes, written once (a demo object large enough to be cached in slices). */
  private static void sample(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    long x = 0x9E3779B97F4A7C15L;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < SAMPLE_BYTES; written += block.length) {
        for (int i = 0; i < block.length; i++) {
          x ^= x << 13;
          x ^= x >>> 7;
          x ^= x << 17;
          block[i] = (byte) x;
        }
        out.write(block);
      }
    }
  }

  private static void fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }

  public List<Edge> edges() {
    return edges;
  }

  public List<Edge> shields() {
    return shields;
  }

  /** What to open and try, for the terminal. */
  public String instructions() {
    String nl = System.lineSeparator();
    StringBuilder b = new StringBuilder(nl).append("streamedge cluster demo is running").append(nl);
    b.append("  origin   ").append(origin.baseUri()).append("/files/").append(nl);
    for (Edge s : shields) {
      b.append("  ").append(s.config().edge().name()).append(" ").append(url(s)).append("   admin ")
          .append(admin(s)).append("/cluster").append(nl);
    }
    for (Edge e : edges) {
      b.append("  ").append(e.config().edge().name()).append("   ").append(url(e)).append("   admin ")
          .append(admin(e)).append("/cluster").append(nl);
    }
    Edge first = edges.get(0);
    b.append(nl).append("Try:").append(nl)
        .append("  curl -si ").append(url(first)).append("/files/hello.txt     # Via names the edge and its shield")
        .append(nl)
        .append("  curl -s -o /dev/null -r 0-99 -w '%{http_code}\\n' ").append(url(edges.get(1)))
        .append("/files/sample.bin   # a range: slices spread over both shields").append(nl);
    if (etcd != null) {
      String etcdArgs = " --etcd " + etcd.endpoint() + " --cluster " + CLUSTER;
      b.append("  ./streamedge config invalidate '/files/*'").append(etcdArgs).append(" --wait 10s").append(nl)
          .append("  ./streamedge config members").append(etcdArgs).append(nl)
          .append("  curl -s ").append(admin(first)).append("/cluster").append(nl)
          .append("  kill -STOP ").append(etcd.pid()).append("   # freeze etcd: the edges keep serving and report")
          .append(" staleness in /readyz (kill -CONT to resume)").append(nl);
    } else {
      b.append("  (install etcd-server for config and invalidations through etcd)").append(nl);
    }
    b.append("Press Ctrl+C to stop.").append(nl);
    return b.toString();
  }

  private static String url(Edge e) {
    return "http://127.0.0.1:" + e.port();
  }

  private static String admin(Edge e) {
    return "http://127.0.0.1:" + e.adminAddress().getPort();
  }

  /** Runs the demo for {@code ./streamedge demo --cluster} until SIGINT/SIGTERM. */
  static int run(CommandSpec spec, Path home) throws InterruptedException {
    ClusterDemo demo;
    try {
      demo = start(home.resolve("data/demo-cluster"), true);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("streamedge demo --cluster: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "cluster-demo-shutdown"));
    spec.commandLine().getOut().println(demo.instructions());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  @Override
  public void close() {
    closeAll(running);
  }

  private static void closeAll(List<AutoCloseable> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      try {
        list.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {}: {}", list.get(i), e.toString());
      }
    }
  }
}
