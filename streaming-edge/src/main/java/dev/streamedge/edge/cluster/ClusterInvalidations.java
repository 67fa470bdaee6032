package dev.streamedge.edge.cluster;

import dev.streamedge.edge.cache.InvalidationPath;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Invalidations through etcd: {@link #submit} writes one record with a create-if-absent
 * transaction (its key derives from the caller reference, so a retried or late put never creates
 * a second one), every node applies it from its watch, and {@link #progress} says
 * {@code Completed} once every live member's status reports the record's revision.
 */
public final class ClusterInvalidations {
  /** The answer to a submit. */
  public record Submitted(InvalidationRecord invalidation, long revision, boolean created) {}

  /** Where an invalidation stands: Completed when {@code pending} is empty. */
  public record Progress(InvalidationRecord invalidation, long revision, List<String> applied, List<String> pending) {
    public String status() {
      return pending.isEmpty() ? "Completed" : "InProgress";
    }
  }

  /** A caller reference reused with other paths (CloudFront: InvalidationBatchAlreadyExists). */
  public static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message);
    }
  }

  private final Etcd etcd;
  private final ClusterKeys keys;
  private final Clock clock;

  /**
   * Runs an etcd call, and once more on a fresh connection if it fails: gRPC would otherwise wait
   * out its reconnect back-off after etcd is back. Every call here is idempotent (a create-if-absent
   * repeated finds what the first one wrote).
   */
  private <T> T call(java.util.function.Supplier<T> c) {
    try {
      return c.get();
    } catch (EtcdUnavailable e) {
      etcd.reconnect();
      return c.get();
    }
  }

  ClusterInvalidations(Etcd etcd, ClusterKeys keys, Clock clock) {
    this.etcd = etcd;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Creates an invalidation, or returns the existing one for the same caller reference.
   *
   * @param callerReference the caller's idempotency key; null for a fresh one (then a retry by the
   *     caller is a new invalidation)
   * @throws IllegalArgumentException for a bad path (the message names it)
   * @throws Conflict when the reference exists with other paths
   * @throws EtcdUnavailable when etcd cannot be reached (the put may still land later; retry
   *     with the same reference)
   */
  public Submitted submit(List<String> paths, String callerReference) {
    Objects.requireNonNull(paths, "paths");
    InvalidationPath.parseAll(paths);
    String ref = callerReference == null ? UUID.randomUUID().toString() : callerReference;
    InvalidationRecord r = new InvalidationRecord(InvalidationRecord.idFor(ref), ref, paths, clock.instant().toString());
    Etcd.Created c = call(() -> etcd.createIfAbsent(keys.invalidation(r.id()), r.toJson()));
    if (c.created()) {
      return new Submitted(r, c.modRevision(), true);
    }
    InvalidationRecord existing = InvalidationRecord.fromJson(c.value());
    if (!existing.paths().equals(r.paths())) {
      throw new Conflict("the caller reference '" + ref + "' was already used for other paths (invalidation "
          + existing.id() + ")");
    }
    return new Submitted(existing, c.modRevision(), false);
  }

  /** Where invalidation {@code id} stands; empty when there is none. */
  public Optional<Progress> progress(String id) {
    if (!id.matches("I[A-Z2-7]{1,64}")) {
      return Optional.empty();
    }
    List<List<SyncState.Kv>> r = call(() -> etcd.readTogether(keys.invalidation(id), keys.members(), keys.statuses()));
    if (r.get(0).isEmpty()) {
      return Optional.empty();
    }
    SyncState.Kv record = r.get(0).get(0);
    Map<String, Long> applied = new TreeMap<>();
    for (SyncState.Kv kv : r.get(2)) {
      try {
        NodeStatus s = NodeStatus.fromJson(kv.value());
        applied.put(s.node(), s.appliedRevision());
      } catch (IllegalArgumentException e) {
        // a malformed status counts as not applied
      }
    }
    List<String> done = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (SyncState.Kv kv : r.get(1)) {
      String node = keys.parse(kv.key()).name();
      Long rev = applied.get(node);
      (rev != null && rev >= record.modRevision() ? done : pending).add(node);
    }
    return Optional.of(new Progress(InvalidationRecord.fromJson(record.value()), record.modRevision(), done, pending));
  }

  /** The newest invalidations, newest first, at most {@code limit}. */
  public List<InvalidationRecord> newest(int limit) {
    List<InvalidationRecord> out = new ArrayList<>();
    for (SyncState.Kv kv : call(() -> etcd.newest(keys.invalidations(), limit))) {
      try {
        out.add(InvalidationRecord.fromJson(kv.value()));
      } catch (IllegalArgumentException e) {
        // skipped: a malformed record is reported by the nodes' sync
      }
    }
    return out;
  }
}
