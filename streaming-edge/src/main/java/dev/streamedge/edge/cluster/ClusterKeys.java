package dev.streamedge.edge.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a cluster keeps its state in etcd, under {@code /streamedge/<cluster>/}:
 *
 * <pre>
 * distribution          the distribution document (YAML), one key: applied atomically
 * invalidations/&lt;id&gt;    one invalidation (JSON); the id derives from the caller reference
 * members/&lt;node&gt;        a live node (JSON: role, URL), under the node's lease
 * status/&lt;node&gt;         what a node has applied (JSON: revision), under the same lease
 * </pre>
 *
 * Every node watches the whole prefix: one watch, one revision order.
 */
public record ClusterKeys(String cluster) {
  /** What a key under the prefix is. */
  public enum Kind { DISTRIBUTION, INVALIDATION, MEMBER, STATUS, OTHER }

  /** A key's kind and its name within the kind (the invalidation id, the node id; empty otherwise). */
  public record Parsed(Kind kind, String name) {}

  public ClusterKeys {
    Objects.requireNonNull(cluster, "cluster");
    if (!validName(cluster)) {
      throw new IllegalArgumentException("a cluster name is 1-64 of A-Z a-z 0-9 . _ -, got '" + cluster + "'");
    }
  }

  /** Node ids and cluster names: 1-64 of {@code A-Z a-z 0-9 . _ -} (they are key segments and header values). */
  public static boolean validName(String s) {
    return s != null && s.matches("[A-Za-z0-9._-]{1,64}");
  }

  public String prefix() {
    return "/streamedge/" + cluster + "/";
  }

  public String distribution() {
    return prefix() + "distribution";
  }

  public String invalidations() {
    return prefix() + "invalidations/";
  }

  public String invalidation(String id) {
    return invalidations() + id;
  }

  public String members() {
    return prefix() + "members/";
  }

  public String member(String node) {
    return members() + node;
  }

  public String statuses() {
    return prefix() + "status/";
  }

  public String status(String node) {
    return statuses() + node;
  }

  /** What {@code key} is; OTHER for anything this version does not know (ignored, never an error). */
  public Parsed parse(String key) {
    if (key.equals(distribution())) {
      return new Parsed(Kind.DISTRIBUTION, "");
    }
    Optional<String> id = under(key, invalidations());
    if (id.isPresent()) {
      return new Parsed(Kind.INVALIDATION, id.get());
    }
    Optional<String> member = under(key, members());
    if (member.isPresent()) {
      return new Parsed(Kind.MEMBER, member.get());
    }
    Optional<String> status = under(key, statuses());
    if (status.isPresent()) {
      return new Parsed(Kind.STATUS, status.get());
    }
    return new Parsed(Kind.OTHER, "");
  }

  private static Optional<String> under(String key, String dir) {
    if (!key.startsWith(dir)) {
      return Optional.empty();
    }
    String rest = key.substring(dir.length());
    return rest.isEmpty() || rest.contains("/") ? Optional.empty() : Optional.of(rest);
  }
}
