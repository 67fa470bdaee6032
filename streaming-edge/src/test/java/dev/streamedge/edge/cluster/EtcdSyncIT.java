package dev.streamedge.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.testkit.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync loop against a real etcd: restart, wipe, freeze, compaction while detached, a late put. */
class EtcdSyncIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private EtcdProcess etcd;
  private ClusterClient client;
  private final List<ClusterNode> nodes = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start(dir);
    client = ClusterClient.connect(etcd.endpoints(), "it", Duration.ofSeconds(1), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
    client.close();
    etcd.close();
  }

  static String dist(String originUrl) {
    return SyncStateTest.dist(originUrl);
  }

  private EdgeConfig local(String name) {
    return EdgeConfigLoader.parse("edge: { name: " + name + " }\n" + dist("http://127.0.0.1:1"), dir);
  }

  private EtcdSettings.Builder settings(String node) {
    return EtcdSettings.builder(etcd.endpoints(), node).cluster("it")
        .advertiseUrl(URI.create("http://127.0.0.1:8080")).stateFile(dir.resolve(node + ".cluster.json")).configDir(dir)
        .leaseTtl(Duration.ofSeconds(2)).heartbeat(Duration.ofMillis(200)).staleAfter(Duration.ofSeconds(1))
        .requestTimeout(Duration.ofSeconds(1));
  }

  private ClusterNode node(RecordingTarget target, EtcdSettings s) {
    ClusterNode n = ClusterNode.start(target, local(s.nodeId()), s, Clock.systemUTC());
    nodes.add(n);
    return n;
  }

  /** A condition that reads etcd through the test's client: false while etcd is unreachable (restarting). */
  private static java.util.function.BooleanSupplier tolerant(java.util.function.BooleanSupplier c) {
    return () -> {
      try {
        return c.getAsBoolean();
      } catch (EtcdUnavailable e) {
        return false;
      }
    };
  }

  private static void awaitOrigin(RecordingTarget t, String url) {
    Await.until(WAIT, () -> t.originUrl().equals(url), "the node serves the distribution with origin " + url);
  }

  @Test
  void followsTheDistributionRefusesABadOneAndReportsItsStatus() {
    client.pushDistribution(dist("http://127.0.0.1:2001"), dir);
    RecordingTarget t = new RecordingTarget(local("edge-1"));
    ClusterNode n = node(t, settings("edge-1").build());
    awaitOrigin(t, "http://127.0.0.1:2001");

    long bad = client.putRawDistribution("distribution: { origins: [] }");
    Await.until(WAIT, () -> n.view().status().configError() != null, "the bad distribution is reported");
    assertThat(n.view().status().configError()).contains("revision " + bad + " refused").contains("distribution.origins");
    assertThat(t.originUrl()).isEqualTo("http://127.0.0.1:2001");
    assertThat(n.readinessNote()).contains("refused");
    Await.until(WAIT, tolerant(() -> client.statuses().stream().anyMatch(s -> s.configError() != null)), "the status in etcd says so");

    long good = client.pushDistribution(dist("http://127.0.0.1:2002"), dir);
    awaitOrigin(t, "http://127.0.0.1:2002");
    Await.until(WAIT, tolerant(() -> client.statuses().stream().anyMatch(s -> s.node().equals("edge-1")
        && s.appliedRevision() >= good && s.configError() == null)), "edge-1 reports revision " + good);
    assertThat(client.members()).extracting(Member::node).containsExactly("edge-1");
    // pushing an invalid document is refused before anything is written
    assertThatThrownBy(() -> client.pushDistribution("distribution: { origins: [] }", dir))
        .hasMessageContaining("distribution.origins");
    assertThat(client.distribution().orElseThrow().revision()).isEqualTo(good);
  }

  @Test
  void invalidationsApplyOnceOnEveryNodeAndCompleteWhenAllHaveThem() {
    client.pushDistribution(dist("http://127.0.0.1:2001"), dir);
    RecordingTarget a = new RecordingTarget(local("edge-1"));
    RecordingTarget b = new RecordingTarget(local("edge-2"));
    node(a, settings("edge-1").build());
    node(b, settings("edge-2").build());
    Await.until(WAIT, tolerant(() -> client.members().size() == 2), "both nodes registered");

    ClusterInvalidations.Submitted s = client.invalidations().submit(List.of("/videos/abc/*", "/index.html"), "deploy-1");
    assertThat(s.created()).isTrue();
    Await.until(WAIT, () -> a.purged.size() == 2 && b.purged.size() == 2, "both nodes purged");
    assertThat(a.purged).containsExactly("/videos/abc/", "/index.html ");
    Await.until(WAIT, tolerant(() -> client.invalidations().progress(s.invalidation().id()).orElseThrow().status().equals("Completed")),
        "Completed");
    assertThat(client.invalidations().progress(s.invalidation().id()).orElseThrow().applied()).containsExactly("edge-1", "edge-2");

    // the same caller reference again: the same invalidation, not run twice
    ClusterInvalidations.Submitted again = client.invalidations().submit(List.of("/videos/abc/*", "/index.html"), "deploy-1");
    assertThat(again.created()).isFalse();
    assertThat(again.invalidation().id()).isEqualTo(s.invalidation().id());
    assertThatThrownBy(() -> client.invalidations().submit(List.of("/other"), "deploy-1"))
        .isInstanceOf(ClusterInvalidations.Conflict.class);
    assertThatThrownBy(() -> client.invalidations().submit(List.of("no-slash"), "deploy-2"))
        .isInstanceOf(IllegalArgumentException.class);
    ClusterInvalidations.Submitted next = client.invalidations().submit(List.of("/x"), "deploy-3");
    Await.until(WAIT, () -> a.purged.size() == 3 && b.purged.size() == 3, "the next one");
    assertThat(client.invalidations().newest(10)).extracting(InvalidationRecord::id)
        .containsExactly(next.invalidation().id(), s.invalidation().id());
    assertThat(client.invalidations().progress("Inope")).isEmpty();
  }

  @Test
  void survivesAnEtcdRestartAndAWipeWithoutLosingItsConfig() {
    client.pushDistribution(dist("http://127.0.0.1:2001"), dir);
    RecordingTarget t = new RecordingTarget(local("edge-1"));
    ClusterNode n = node(t, settings("edge-1").build());
    awaitOrigin(t, "http://127.0.0.1:2001");
    client.invalidations().submit(List.of("/a/*"), "before");
    Await.until(WAIT, () -> t.purged.size() == 1, "first invalidation");

    etcd.restart();
    client.pushDistribution(dist("http://127.0.0.1:2002"), dir);
    awaitOrigin(t, "http://127.0.0.1:2002");
    Await.until(WAIT, tolerant(() -> client.members().size() == 1), "still a member after the restart");

    // wiped: an empty etcd, revisions from 1 again. The node keeps serving and says why.
    long before = n.view().position();
    etcd.wipe();
    Await.until(WAIT, () -> n.view().synced() && n.view().position() < before, "resynced with the wiped etcd");
    assertThat(n.view().status().configError()).contains("etcd has no distribution");
    assertThat(t.originUrl()).isEqualTo("http://127.0.0.1:2002");
    Await.until(WAIT, tolerant(() -> client.members().size() == 1), "registered again in the wiped etcd (new lease)");
    // re-seeding the same invalidation does not purge again; a new one does
    client.invalidations().submit(List.of("/a/*"), "before");
    client.invalidations().submit(List.of("/b/*"), "after");
    client.pushDistribution(dist("http://127.0.0.1:2003"), dir);
    awaitOrigin(t, "http://127.0.0.1:2003");
    Await.until(WAIT, () -> t.purged.contains("/b/"), "the new invalidation");
    assertThat(t.purged).containsExactly("/a/", "/b/");
    Await.until(WAIT, () -> n.view().status().configError() == null, "the error clears with a distribution in etcd");
  }

  @Test
  void aFrozenEtcdIsReportedWithinFiveSecondsAndALatePutLandsOnce() throws Exception {
    client.pushDistribution(dist("http://127.0.0.1:2001"), dir);
    RecordingTarget t = new RecordingTarget(local("edge-1"));
    // production timings: 1 s heartbeat, stale after 3 s
    ClusterNode n = node(t, settings("edge-1").heartbeat(Duration.ofSeconds(1)).staleAfter(Duration.ofSeconds(3))
        .leaseTtl(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(2)).build());
    awaitOrigin(t, "http://127.0.0.1:2001");
    Await.until(WAIT, () -> n.view().synced() && n.stalenessSeconds() < 1.5, "in sync");

    etcd.freeze();
    long frozenAt = System.nanoTime();
    // a put that times out on the client may still land when etcd runs again
    CompletableFuture<Throwable> late = CompletableFuture.supplyAsync(() -> {
      try {
        client.invalidations().submit(List.of("/late/*"), "late-1");
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    Await.until(Duration.ofSeconds(5), n::stale, "staleness reported within 5 s of the freeze");
    double reportedAfter = (System.nanoTime() - frozenAt) / 1e9;
    assertThat(n.readinessNote()).contains("config stale").contains("revision");
    assertThat(late.get()).isInstanceOf(EtcdUnavailable.class);
    assertThat(t.originUrl()).isEqualTo("http://127.0.0.1:2001"); // still serving
    assertThat(reportedAfter).isLessThan(5.0);

    etcd.thaw();
    Await.until(WAIT, () -> !n.stale() && n.view().synced(), "fresh again after the thaw");
    ClusterInvalidations.Submitted retry = client.invalidations().submit(List.of("/late/*"), "late-1");
    Await.until(WAIT, tolerant(() -> client.invalidations().progress(retry.invalidation().id()).orElseThrow().status()
        .equals("Completed")), "the late invalidation completes");
    assertThat(Collections.frequency(t.purged, "/late/")).isEqualTo(1);
  }

  @Test
  void aNodeDetachedAcrossCompactionCatchesUpAndBootsWithoutEtcd() {
    client.pushDistribution(dist("http://127.0.0.1:2001"), dir);
    RecordingTarget first = new RecordingTarget(local("edge-1"));
    ClusterNode n1 = node(first, settings("edge-1").build());
    client.invalidations().submit(List.of("/one/*"), "r1");
    Await.until(WAIT, () -> first.purged.contains("/one/") && first.originUrl().equals("http://127.0.0.1:2001"), "synced");
    Await.until(WAIT, tolerant(() -> n1.view().position() >= client.revision() - 2), "position persisted");
    n1.close();
    nodes.remove(n1);

    // while it is away: a new distribution, two invalidations, and the history compacted away
    client.pushDistribution(dist("http://127.0.0.1:2002"), dir);
    client.invalidations().submit(List.of("/two/*"), "r2");
    client.invalidations().submit(List.of("/three/*"), "r3");
    client.compact(client.revision());

    RecordingTarget second = new RecordingTarget(local("edge-1"));
    node(second, settings("edge-1").build());
    // it serves what it had before etcd answers, then catches up
    assertThat(second.applied).isNotEmpty();
    assertThat(second.applied.get(0).distribution().origins().get(0).url().toString()).isEqualTo("http://127.0.0.1:2001");
    awaitOrigin(second, "http://127.0.0.1:2002");
    Await.until(WAIT, () -> second.purged.size() == 2, "the two missed invalidations");
    assertThat(second.purged).containsExactly("/two/", "/three/");

    // no etcd at all: the node boots from its state file and says it is stale
    nodes.forEach(ClusterNode::close);
    nodes.clear();
    etcd.stop();
    EtcdSettings s = settings("edge-1").build();
    EdgeConfig boot = ClusterNode.bootConfig(local("edge-1"), s);
    assertThat(boot.distribution().origins().get(0).url().toString()).isEqualTo("http://127.0.0.1:2002");
    RecordingTarget third = new RecordingTarget(boot);
    ClusterNode n3 = node(third, s);
    assertThat(third.applied).isEmpty(); // already serving the persisted one
    Await.until(WAIT, n3::stale, "stale without etcd");
    assertThat(n3.readinessNote()).contains("config stale");
  }
}
