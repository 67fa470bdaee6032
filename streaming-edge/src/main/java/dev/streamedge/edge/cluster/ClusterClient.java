package dev.streamedge.edge.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An operator's handle on a cluster, without being a node: push the distribution, invalidate, list
 * members and their status. Used by {@code ./streamedge config}, the demo and the perf harness.
 */
public final class ClusterClient implements AutoCloseable {
  /** A distribution document as stored, with the revision it was written at. */
  public record StoredDistribution(String text, long revision) {}

  private final Etcd etcd;
  private final ClusterKeys keys;
  private final ClusterInvalidations invalidations;

  private ClusterClient(Etcd etcd, ClusterKeys keys, Clock clock) {
    this.etcd = etcd;
    this.keys = keys;
    this.invalidations = new ClusterInvalidations(etcd, keys, clock);
  }

  public static ClusterClient connect(List<URI> endpoints, String cluster, Duration timeout, Clock clock) {
    ClusterKeys keys = new ClusterKeys(cluster);
    return new ClusterClient(new Etcd(endpoints, timeout), keys, clock);
  }

  public ClusterKeys keys() {
    return keys;
  }

  /**
   * Validates a distribution document exactly as the nodes will, then stores it.
   *
   * @param baseDir what relative paths in it resolve against during validation (the file's directory)
   * @return the revision it was written at
   * @throws dev.streamedge.edge.config.ConfigException naming the key, when invalid (nothing is written)
   */
  public long pushDistribution(String yaml, Path baseDir) {
    DistributionDocument.parse(yaml, baseDir);
    return call(() -> etcd.put(keys.distribution(), yaml));
  }

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

  /** Stores a document without validating it (tests of what nodes do with a bad one). */
  long putRawDistribution(String text) {
    return call(() -> etcd.put(keys.distribution(), text));
  }

  /** Deletes the distribution (nodes keep theirs unless started with allowEmptyDistribution). */
  public long deleteDistribution() {
    return call(() -> etcd.delete(keys.distribution()));
  }

  public Optional<StoredDistribution> distribution() {
    return call(() -> etcd.get(keys.distribution())).map(kv -> new StoredDistribution(kv.value(), kv.modRevision()));
  }

  public ClusterInvalidations invalidations() {
    return invalidations;
  }

  public List<Member> members() {
    List<Member> out = new ArrayList<>();
    call(() -> etcd.readPrefix(keys.members())).kvs().forEach(kv -> out.add(Member.fromJson(kv.value())));
    return out;
  }

  public List<NodeStatus> statuses() {
    List<NodeStatus> out = new ArrayList<>();
    call(() -> etcd.readPrefix(keys.statuses())).kvs().forEach(kv -> out.add(NodeStatus.fromJson(kv.value())));
    return out;
  }

  /** Compacts etcd's history up to {@code revision} (tests, operations). */
  public void compact(long revision) {
    call(() -> {
      etcd.compact(revision);
      return null;
    });
  }

  /** The current revision of the whole etcd. */
  public long revision() {
    return call(() -> etcd.readPrefix(keys.distribution())).revision();
  }

  @Override
  public void close() {
    etcd.close();
  }
}
