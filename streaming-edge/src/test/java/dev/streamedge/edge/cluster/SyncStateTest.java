package dev.streamedge.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.cluster.SyncState.Action;
import dev.streamedge.edge.cluster.SyncState.Kv;
import dev.streamedge.edge.cluster.SyncState.Snapshot;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncStateTest {
  private static final ClusterKeys KEYS = new ClusterKeys("c1");
  private static final long CLUSTER = 77;

  static String dist(String originUrl) {
    return "distribution:\n  origins: [ { id: o, url: \"" + originUrl + "\" } ]\n"
        + "  defaultCacheBehavior: { targetOriginId: o }\n";
  }

  private static SyncState state(NodeRole role, boolean allowEmpty) {
    return new SyncState("edge-1", role, KEYS, allowEmpty, text -> DistributionDocument.parse(text, Path.of("/tmp")));
  }

  private static Kv distKv(String text, long rev) {
    return new Kv(KEYS.distribution(), text, rev);
  }

  private static Kv inv(String ref, long rev, String... paths) {
    InvalidationRecord r = new InvalidationRecord(InvalidationRecord.idFor(ref), ref, List.of(paths), "2026-01-01T00:00:00Z");
    return new Kv(KEYS.invalidation(r.id()), r.toJson(), rev);
  }

  private static Kv member(String node, NodeRole role, long rev) {
    return new Kv(KEYS.member(node), new Member(node, role, URI.create("http://127.0.0.1:9" + node.length()), null).toJson(), rev);
  }

  private static Kv status(String node, NodeRole role, long applied, long rev) {
    return new Kv(KEYS.status(node), new NodeStatus(node, role, applied, 0, null, null).toJson(), rev);
  }

  private static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
    List<T> out = new ArrayList<>();
    actions.stream().filter(type::isInstance).map(type::cast).forEach(out::add);
    return out;
  }

  @Test
  void aSnapshotAppliesTheDistributionAndEveryInvalidationOnce() {
    SyncState s = state(NodeRole.EDGE, false);
    List<Action> a = s.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3),
        inv("r1", 5, "/a/*"), inv("r2", 4, "/b"))), 0);
    assertThat(only(a, Action.ApplyDistribution.class)).singleElement()
        .satisfies(d -> assertThat(d.revision()).isEqualTo(3));
    // in revision order
    assertThat(only(a, Action.Purge.class)).extracting(p -> p.invalidation().callerReference()).containsExactly("r2", "r1");
    assertThat(s.position()).isEqualTo(10);
    assertThat(s.reportedRevision()).isEqualTo(10);
    // the same snapshot again (a resync): nothing to do
    assertThat(s.snapshot(new Snapshot(CLUSTER, 12, List.of(distKv(dist("http://127.0.0.1:1"), 3),
        inv("r1", 5, "/a/*"), inv("r2", 4, "/b"))), 0)).isEmpty();
  }

  @Test
  void watchEventsApplyInOrderAndAnInvalidUpdateKeepsThePreviousValue() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3))), 0);
    List<Action> a = s.events(CLUSTER, 12, List.of(distKv("distribution: { origins: [] }", 11), inv("r3", 12, "/c")), 0);
    assertThat(only(a, Action.Refused.class)).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("revision 11 refused").contains("distribution.origins")
            .contains("still serving revision 3"));
    assertThat(only(a, Action.ApplyDistribution.class)).isEmpty();
    assertThat(only(a, Action.Purge.class)).hasSize(1);
    assertThat(s.configError()).contains("refused");
    assertThat(s.distributionRevision()).isEqualTo(3);
    // a valid one clears the error
    a = s.events(CLUSTER, 13, List.of(distKv(dist("http://127.0.0.1:2"), 13)), 0);
    assertThat(only(a, Action.ApplyDistribution.class)).hasSize(1);
    assertThat(s.configError()).isNull();
    assertThat(s.reportedRevision()).isEqualTo(13);
  }

  @ParameterizedTest(name = "allowEmpty={0}")
  @CsvSource({"false, Refused", "true, RevertToLocal"})
  void etcdWithoutADistributionNeverUnconfiguresTheEdgeWithoutTheFlag(boolean allowEmpty, String expected) {
    SyncState s = state(NodeRole.EDGE, allowEmpty);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3))), 0);
    // a wiped etcd: another cluster id, nothing in it
    List<Action> a = s.snapshot(new Snapshot(CLUSTER + 1, 1, List.of()), 0);
    assertThat(a).anySatisfy(x -> assertThat(x.getClass().getSimpleName()).isEqualTo(expected));
    assertThat(only(a, Action.ApplyDistribution.class)).isEmpty();
    assertThat(s.distributionText() != null).isEqualTo(!allowEmpty);
    // a delete event behaves the same way
    SyncState t = state(NodeRole.EDGE, allowEmpty);
    t.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3))), 0);
    assertThat(t.events(CLUSTER, 11, List.of(new Kv(KEYS.distribution(), null, 11)), 0))
        .anySatisfy(x -> assertThat(x.getClass().getSimpleName()).isEqualTo(expected));
  }

  @Test
  void aRestoredOrReplacedEtcdIsResyncedAndKnownInvalidationsAreNotRepeated() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 100, List.of(distKv(dist("http://127.0.0.1:1"), 3), inv("r1", 50, "/a"))), 0);
    // watch events from another cluster, or with a lower header revision: resync
    assertThat(s.events(CLUSTER + 1, 101, List.of(inv("r9", 101, "/z")), 0)).singleElement().isInstanceOf(Action.Resync.class);
    assertThat(s.events(CLUSTER, 99, List.of(inv("r9", 99, "/z")), 0)).singleElement().isInstanceOf(Action.Resync.class);
    assertThat(s.progress(CLUSTER, 98)).singleElement().isInstanceOf(Action.Resync.class);
    // restored from a backup: lower revision, same records (new revisions) + one new
    List<Action> a = s.snapshot(new Snapshot(CLUSTER, 60, List.of(distKv(dist("http://127.0.0.1:1"), 2),
        inv("r1", 40, "/a"), inv("r2", 55, "/b"))), 0);
    assertThat(only(a, Action.Note.class)).singleElement().satisfies(n -> assertThat(n.message()).contains("backwards"));
    assertThat(only(a, Action.ApplyDistribution.class)).isEmpty(); // same text
    assertThat(only(a, Action.Purge.class)).extracting(p -> p.invalidation().callerReference()).containsExactly("r2");
    assertThat(s.distributionRevision()).isEqualTo(2);
    assertThat(s.position()).isEqualTo(60);
  }

  @Test
  void aCompactionOrReconnectResyncAppliesOnlyWhatWasMissed() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3), inv("r1", 8, "/a"))), 0);
    // detached: r2..r4 landed, the distribution changed, history compacted; the snapshot has it all
    List<Action> a = s.snapshot(new Snapshot(CLUSTER, 40, List.of(distKv(dist("http://127.0.0.1:9"), 30),
        inv("r1", 8, "/a"), inv("r2", 20, "/b"), inv("r3", 25, "/c"), inv("r4", 35, "/d"))), 0);
    assertThat(only(a, Action.ApplyDistribution.class)).singleElement().satisfies(d -> assertThat(d.revision()).isEqualTo(30));
    assertThat(only(a, Action.Purge.class)).extracting(p -> p.invalidation().callerReference()).containsExactly("r2", "r3", "r4");
  }

  @Test
  void edgesFollowTheLiveShieldsAndShieldsHaveNone() {
    SyncState edge = state(NodeRole.EDGE, false);
    List<Action> a = edge.snapshot(new Snapshot(CLUSTER, 10, List.of(member("shield-1", NodeRole.SHIELD, 4),
        member("edge-2", NodeRole.EDGE, 5))), 0);
    assertThat(only(a, Action.ShieldsChanged.class)).singleElement()
        .satisfies(c -> assertThat(c.shields()).extracting(Member::node).containsExactly("shield-1"));
    a = edge.events(CLUSTER, 11, List.of(member("shield-2", NodeRole.SHIELD, 11)), 0);
    assertThat(only(a, Action.ShieldsChanged.class)).singleElement()
        .satisfies(c -> assertThat(c.shields()).extracting(Member::node).containsExactly("shield-1", "shield-2"));
    a = edge.events(CLUSTER, 12, List.of(new Kv(KEYS.member("shield-1"), null, 12)), 0); // lease expired
    assertThat(only(a, Action.ShieldsChanged.class)).singleElement()
        .satisfies(c -> assertThat(c.shields()).extracting(Member::node).containsExactly("shield-2"));
    a = edge.events(CLUSTER, 13, List.of(member("edge-3", NodeRole.EDGE, 13)), 0);
    assertThat(only(a, Action.ShieldsChanged.class)).isEmpty();

    SyncState shield = new SyncState("shield-1", NodeRole.SHIELD, KEYS, false, t -> DistributionDocument.parse(t, Path.of("/tmp")));
    assertThat(only(shield.snapshot(new Snapshot(CLUSTER, 10, List.of(member("shield-2", NodeRole.SHIELD, 4))), 0),
        Action.ShieldsChanged.class)).isEmpty();
    assertThat(shield.shields()).isEmpty();
  }

  @Test
  void anEdgeWithShieldsPurgesAgainOnceEveryShieldConfirms() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(member("shield-1", NodeRole.SHIELD, 4), member("shield-2", NodeRole.SHIELD, 5))), 0);
    List<Action> a = s.events(CLUSTER, 20, List.of(inv("r1", 20, "/a/*")), 1000);
    assertThat(only(a, Action.Purge.class)).singleElement().satisfies(p -> assertThat(p.second()).isFalse());
    assertThat(s.reportedRevision()).isEqualTo(19);
    assertThat(only(s.events(CLUSTER, 21, List.of(status("shield-1", NodeRole.SHIELD, 20, 21)), 1001), Action.Purge.class)).isEmpty();
    a = s.events(CLUSTER, 22, List.of(status("shield-2", NodeRole.SHIELD, 21, 22)), 1002);
    assertThat(only(a, Action.Purge.class)).singleElement().satisfies(p -> {
      assertThat(p.second()).isTrue();
      assertThat(p.revision()).isEqualTo(20);
    });
    assertThat(s.reportedRevision()).isEqualTo(22);
    assertThat(s.pendingSecondPurges()).isZero();
  }

  @Test
  void aStuckShieldDelaysTheSecondPurgeOnlyUpToTheLimit() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(member("shield-1", NodeRole.SHIELD, 4))), 0);
    s.events(CLUSTER, 20, List.of(inv("r1", 20, "/a/*")), 1000);
    assertThat(s.expirePending(5000, 10_000)).isEmpty();
    assertThat(only(s.expirePending(11_000, 10_000), Action.Purge.class)).singleElement()
        .satisfies(p -> assertThat(p.second()).isTrue());
    assertThat(s.reportedRevision()).isEqualTo(20);
  }

  @Test
  void aShieldLeavingReleasesTheWait() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(member("shield-1", NodeRole.SHIELD, 4), member("shield-2", NodeRole.SHIELD, 5),
        status("shield-2", NodeRole.SHIELD, 10, 6))), 0);
    s.events(CLUSTER, 20, List.of(inv("r1", 20, "/a/*"), status("shield-2", NodeRole.SHIELD, 20, 21)), 1000);
    assertThat(s.pendingSecondPurges()).isEqualTo(1);
    List<Action> a = s.events(CLUSTER, 22, List.of(new Kv(KEYS.member("shield-1"), null, 22)), 1001);
    assertThat(only(a, Action.Purge.class)).singleElement().satisfies(p -> assertThat(p.second()).isTrue());
  }

  @Test
  void malformedValuesAreNotedAndIgnored() {
    SyncState s = state(NodeRole.EDGE, false);
    List<Action> a = s.snapshot(new Snapshot(CLUSTER, 10, List.of(new Kv(KEYS.invalidation("x"), "{nope", 3),
        new Kv(KEYS.member("m"), "[]", 4), new Kv(KEYS.prefix() + "future-key", "?", 5))), 0);
    assertThat(only(a, Action.Note.class)).hasSize(2);
    assertThat(only(a, Action.Purge.class)).isEmpty();
  }

  @Test
  void persistedStateRestoresWhatWasApplied() {
    SyncState s = state(NodeRole.EDGE, false);
    s.snapshot(new Snapshot(CLUSTER, 10, List.of(distKv(dist("http://127.0.0.1:1"), 3), inv("r1", 5, "/a"),
        member("shield-1", NodeRole.SHIELD, 6))), 0);
    PersistedState p = PersistedState.fromJson(s.persisted().toJson());
    assertThat(p).isEqualTo(s.persisted());
    SyncState t = state(NodeRole.EDGE, false);
    t.restore(p);
    assertThat(t.shields()).extracting(Member::node).containsExactly("shield-1");
    // etcd replaced by an empty one holding only a re-pushed r1: nothing to purge, distribution kept
    List<Action> a = t.snapshot(new Snapshot(CLUSTER + 5, 3, List.of(inv("r1", 2, "/a"))), 0);
    assertThat(only(a, Action.Purge.class)).isEmpty();
    assertThat(only(a, Action.Refused.class)).hasSize(1);
  }
}
