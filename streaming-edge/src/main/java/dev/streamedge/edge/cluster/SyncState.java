package dev.streamedge.edge.cluster;

import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.Distribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a node has applied from etcd, and what to do with the next snapshot or watch events. Pure:
 * no I/O, time passed in, single-threaded (the node's sync thread owns it); it returns
 * {@link Action}s that {@link ClusterNode} carries out, in order.
 *
 * <p>Rules (docs/scale-out.md):
 * <ul>
 *   <li>The distribution is applied when its text changes; an invalid one is refused and the
 *       previous one kept (reported). A snapshot or delete that leaves etcd without a distribution
 *       keeps the applied one unless the node runs with {@code allowEmptyDistribution}, which falls
 *       back to the node's own file.
 *   <li>An invalidation is applied once per id (ids derive from caller references, so they are the
 *       same in a restored or re-seeded etcd). Within one cluster, a record at or below the
 *       revision already processed was already applied, so the bounded id memory only matters
 *       across clusters.
 *   <li>An edge with shields purges twice: at once, and again when every live shield reports the
 *       invalidation's revision, since in between an edge may refill from a shield that still has
 *       the old object. Its reported revision waits for that second purge.
 *   <li>Events of another cluster id, or a header revision lower than one already seen, mean etcd
 *       was replaced or restored: the caller must resync from a snapshot.
 * </ul>
 */
public final class SyncState {
  /** Ids remembered for invalidations applied (only consulted across clusters). */
  static final int REMEMBERED_IDS = 10_000;

  /** One key's value at a revision; a null value is a delete. */
  public record Kv(String key, String value, long modRevision) {
    public Kv {
      Objects.requireNonNull(key, "key");
    }

    public boolean deleted() {
      return value == null;
    }
  }

  /** The whole prefix as read at one revision. */
  public record Snapshot(long clusterId, long revision, List<Kv> kvs) {
    public Snapshot {
      kvs = List.copyOf(kvs);
    }
  }

  /** What the node must do, in order. */
  public sealed interface Action {
    /** Swap in this distribution (already validated). */
    record ApplyDistribution(Distribution distribution, String text, long revision, String previousText,
        long previousRevision) implements Action {}

    /** Serve the node's own file's distribution again (etcd has none, and that was allowed). */
    record RevertToLocal(String reason) implements Action {}

    /** A distribution in etcd that was not applied: why (log it, report it). */
    record Refused(String reason) implements Action {}

    /** Remove these store prefixes; {@code second} for an edge's purge after its shields confirmed. */
    record Purge(InvalidationRecord invalidation, long revision, boolean second) implements Action {}

    /** The live shields changed (edges only). */
    record ShieldsChanged(List<Member> shields) implements Action {}

    /** Stop watching and start again from a snapshot. */
    record Resync(String reason) implements Action {}

    /** Something worth a log line (a malformed value, a replaced etcd). */
    record Note(String message) implements Action {}
  }

  private record Pending(InvalidationRecord invalidation, long revision, long sinceMillis) {}

  private final String node;
  private final NodeRole role;
  private final ClusterKeys keys;
  private final boolean allowEmptyDistribution;
  private final Function<String, Distribution> validator;

  private long clusterId;
  private long position;
  private long lastHeaderRevision;
  private String distributionText;
  private long distributionRevision;
  private String configError;
  private final LinkedHashSet<String> appliedIds = new LinkedHashSet<>();
  private final Map<String, Member> members = new TreeMap<>();
  private final Map<String, NodeStatus> statuses = new TreeMap<>();
  private List<Member> shields = List.of();
  private final List<Pending> pending = new ArrayList<>();
  private boolean statusDirty;

  /**
   * @param validator parses a distribution document, throwing {@link ConfigException} when invalid
   */
  public SyncState(String node, NodeRole role, ClusterKeys keys, boolean allowEmptyDistribution,
      Function<String, Distribution> validator) {
    this.node = Objects.requireNonNull(node, "node");
    this.role = Objects.requireNonNull(role, "role");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.allowEmptyDistribution = allowEmptyDistribution;
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** Restores what a previous run persisted (its distribution is assumed applied already). */
  public void restore(PersistedState p) {
    clusterId = p.clusterId();
    position = p.revision();
    lastHeaderRevision = p.revision();
    distributionText = p.distributionText();
    distributionRevision = p.distributionRevision();
    appliedIds.addAll(p.appliedInvalidations());
    trimIds();
    p.members().forEach(m -> members.put(m.node(), m));
    shields = liveShields();
  }

  /** What to persist now. */
  public PersistedState persisted() {
    return new PersistedState(keys.cluster(), clusterId, position, distributionText, distributionRevision,
        List.copyOf(appliedIds), List.copyOf(members.values()));
  }

  /** Applies a whole-prefix snapshot (the start of every sync). */
  public List<Action> snapshot(Snapshot s, long nowMillis) {
    List<Action> out = new ArrayList<>();
    boolean otherCluster = clusterId != 0 && s.clusterId() != clusterId;
    if (otherCluster) {
      out.add(new Action.Note("etcd is another cluster (id " + Long.toUnsignedString(s.clusterId()) + ", was "
          + Long.toUnsignedString(clusterId) + "): full resync"));
    } else if (s.revision() < position) {
      out.add(new Action.Note("etcd's revision went backwards (" + s.revision() + " < " + position
          + "): it was wiped or restored from a backup; full resync"));
    }
    boolean sameHistory = !otherCluster && s.revision() >= position;
    if (!sameHistory) {
      // The revision space changed: pending confirmations refer to the old one; purge again now.
      for (Pending p : pending) {
        out.add(new Action.Purge(p.invalidation(), p.revision(), true));
      }
      pending.clear();
    }
    long processedBefore = sameHistory ? position : -1;
    clusterId = s.clusterId();
    lastHeaderRevision = s.revision();

    Kv distribution = null;
    List<Kv> invalidations = new ArrayList<>();
    members.clear();
    statuses.clear();
    for (Kv kv : s.kvs()) {
      ClusterKeys.Parsed k = keys.parse(kv.key());
      switch (k.kind()) {
        case DISTRIBUTION -> distribution = kv;
        case INVALIDATION -> invalidations.add(kv);
        case MEMBER -> readMember(k.name(), kv, out);
        case STATUS -> readStatus(k.name(), kv, out);
        case OTHER -> { }
      }
    }
    distribution(distribution, out);
    invalidations.sort(Comparator.comparingLong(Kv::modRevision));
    for (Kv kv : invalidations) {
      if (kv.modRevision() > processedBefore) {
        invalidation(kv, nowMillis, out);
      }
    }
    position = s.revision();
    shieldsMaybeChanged(out);
    confirmPending(out);
    statusDirty = true;
    return out;
  }

  /**
   * Applies watch events, in order.
   *
   * @param headerRevision the response header's revision; lower than one already seen means etcd
   *     was restored or replaced
   */
  public List<Action> events(long eventsClusterId, long headerRevision, List<Kv> events, long nowMillis) {
    List<Action> out = new ArrayList<>();
    if (!sameEtcd(eventsClusterId, headerRevision, out)) {
      return out;
    }
    for (Kv kv : events) {
      ClusterKeys.Parsed k = keys.parse(kv.key());
      switch (k.kind()) {
        case DISTRIBUTION -> {
          distribution(kv.deleted() ? null : kv, out);
          statusDirty = true;
        }
        case INVALIDATION -> {
          if (!kv.deleted()) {
            invalidation(kv, nowMillis, out);
            statusDirty = true;
          }
        }
        case MEMBER -> {
          readMember(k.name(), kv, out);
          shieldsMaybeChanged(out);
          statusDirty = true;
        }
        case STATUS -> readStatus(k.name(), kv, out);
        case OTHER -> { }
      }
      position = Math.max(position, kv.modRevision());
    }
    confirmPending(out);
    return out;
  }

  /** A progress notification: nothing changed up to {@code headerRevision}. */
  public List<Action> progress(long eventsClusterId, long headerRevision) {
    List<Action> out = new ArrayList<>();
    sameEtcd(eventsClusterId, headerRevision, out);
    return out;
  }

  /** Second purges that waited longer than {@code maxWaitMillis} for a shield: done now (a shield may be stuck). */
  public List<Action> expirePending(long nowMillis, long maxWaitMillis) {
    List<Action> out = new ArrayList<>();
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (nowMillis - p.sinceMillis() >= maxWaitMillis) {
        out.add(new Action.Purge(p.invalidation(), p.revision(), true));
        it.remove();
        statusDirty = true;
      }
    }
    return out;
  }

  private boolean sameEtcd(long eventsClusterId, long headerRevision, List<Action> out) {
    if (clusterId != 0 && eventsClusterId != 0 && eventsClusterId != clusterId) {
      out.add(new Action.Resync("etcd answered as another cluster (id " + Long.toUnsignedString(eventsClusterId) + ")"));
      return false;
    }
    if (headerRevision != 0 && headerRevision < lastHeaderRevision) {
      out.add(new Action.Resync("etcd's revision went backwards (" + headerRevision + " < " + lastHeaderRevision + ")"));
      return false;
    }
    lastHeaderRevision = Math.max(lastHeaderRevision, headerRevision);
    return true;
  }

  private void distribution(Kv kv, List<Action> out) {
    if (kv == null) {
      if (distributionText == null) {
        return;
      }
      if (allowEmptyDistribution) {
        distributionText = null;
        distributionRevision = 0;
        configError = null;
        out.add(new Action.RevertToLocal("etcd has no distribution; serving the local file's (allowed by flag)"));
      } else {
        configError = "etcd has no distribution (deleted, or etcd wiped): still serving the one of revision "
            + distributionRevision + "; push one, or start with --allow-empty-distribution to fall back to the local file's";
        out.add(new Action.Refused(configError));
      }
      return;
    }
    if (kv.value().equals(distributionText)) {
      distributionRevision = kv.modRevision(); // the same document, perhaps in a new revision space
      configError = null;
      return;
    }
    Distribution d;
    try {
      d = validator.apply(kv.value());
    } catch (ConfigException | IllegalArgumentException e) {
      configError = "distribution of revision " + kv.modRevision() + " refused: " + e.getMessage()
          + (distributionText == null ? "; still serving the local file's" : "; still serving revision " + distributionRevision);
      out.add(new Action.Refused(configError));
      return;
    }
    out.add(new Action.ApplyDistribution(d, kv.value(), kv.modRevision(), distributionText, distributionRevision));
    distributionText = kv.value();
    distributionRevision = kv.modRevision();
    configError = null;
  }

  private void invalidation(Kv kv, long nowMillis, List<Action> out) {
    InvalidationRecord r;
    try {
      r = InvalidationRecord.fromJson(kv.value());
      r.keyPrefixes(); // validates the paths
    } catch (IllegalArgumentException e) {
      out.add(new Action.Note("ignoring a malformed invalidation at " + kv.key() + ": " + e.getMessage()));
      return;
    }
    if (!appliedIds.add(r.id())) {
      return;
    }
    trimIds();
    out.add(new Action.Purge(r, kv.modRevision(), false));
    if (!shields.isEmpty()) {
      pending.add(new Pending(r, kv.modRevision(), nowMillis));
    }
  }

  private void readMember(String name, Kv kv, List<Action> out) {
    if (kv.deleted()) {
      members.remove(name);
      return;
    }
    try {
      members.put(name, Member.fromJson(kv.value()));
    } catch (IllegalArgumentException e) {
      out.add(new Action.Note("ignoring a malformed member at " + kv.key() + ": " + e.getMessage()));
    }
  }

  private void readStatus(String name, Kv kv, List<Action> out) {
    if (kv.deleted()) {
      statuses.remove(name);
      return;
    }
    try {
      statuses.put(name, NodeStatus.fromJson(kv.value()));
    } catch (IllegalArgumentException e) {
      out.add(new Action.Note("ignoring a malformed status at " + kv.key() + ": " + e.getMessage()));
    }
  }

  private List<Member> liveShields() {
    if (role == NodeRole.SHIELD) {
      return List.of(); // a shield has no shields of its own: loops are impossible by structure
    }
    List<Member> out = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.role() == NodeRole.SHIELD && !m.node().equals(node)) {
        out.add(m);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private void shieldsMaybeChanged(List<Action> out) {
    List<Member> now = liveShields();
    if (!now.equals(shields)) {
      shields = now;
      out.add(new Action.ShieldsChanged(now));
    }
  }

  private void confirmPending(List<Action> out) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      boolean all = true;
      for (Member s : shields) {
        NodeStatus st = statuses.get(s.node());
        if (st == null || st.appliedRevision() < p.revision()) {
          all = false;
          break;
        }
      }
      if (all) {
        out.add(new Action.Purge(p.invalidation(), p.revision(), true));
        it.remove();
        statusDirty = true;
      }
    }
  }

  private void trimIds() {
    Iterator<String> it = appliedIds.iterator();
    while (appliedIds.size() > REMEMBERED_IDS && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** The edge refused a distribution that parsed (say, a key file missing on this node): keep the previous one. */
  public void applyFailed(Action.ApplyDistribution a, String reason) {
    if (a.text().equals(distributionText)) {
      distributionText = a.previousText();
      distributionRevision = a.previousRevision();
    }
    configError = "distribution of revision " + a.revision() + " refused by this node: " + reason;
    statusDirty = true;
  }

  /** The revision this node reports: everything at or below it is applied (second purges included). */
  public long reportedRevision() {
    long r = position;
    for (Pending p : pending) {
      r = Math.min(r, p.revision() - 1);
    }
    return r;
  }

  /** True once after anything the status reports changed. */
  public boolean takeStatusDirty() {
    boolean d = statusDirty;
    statusDirty = false;
    return d;
  }

  public long clusterId() {
    return clusterId;
  }

  public long position() {
    return position;
  }

  public long distributionRevision() {
    return distributionRevision;
  }

  public String distributionText() {
    return distributionText;
  }

  /** Why the latest distribution in etcd is not the one served, or null. */
  public String configError() {
    return configError;
  }

  public List<Member> shields() {
    return shields;
  }

  public Map<String, Member> members() {
    return Collections.unmodifiableMap(members);
  }

  public Map<String, NodeStatus> statuses() {
    return Collections.unmodifiableMap(statuses);
  }

  public Set<String> appliedIds() {
    return Collections.unmodifiableSet(appliedIds);
  }

  public int pendingSecondPurges() {
    return pending.size();
  }

  public NodeStatus status(String updated) {
    return new NodeStatus(node, role, reportedRevision(), distributionRevision, configError, updated);
  }
}
