package dev.streamedge.edge.auth;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every key group of a distribution: an immutable snapshot. Reloading builds a new snapshot and
 * swaps it in whole ({@link KeyGroupSource}), so a verification sees one consistent set of keys.
 *
 * <p>One public key may belong to several groups (as in CloudFront), but a key-pair id always names
 * the same key material: two different keys under one id are refused, since a token names only the
 * id.
 */
public final class KeyGroups {
  private static final KeyGroups EMPTY = new KeyGroups(Map.of());

  private final Map<String, KeyGroup> groups;

  private KeyGroups(Map<String, KeyGroup> groups) {
    this.groups = groups;
  }

  public static KeyGroups empty() {
    return EMPTY;
  }

  /**
   * A snapshot of {@code groups}; throws {@link IllegalArgumentException} for a duplicate group id
   * or a key-pair id bound to two different keys.
   */
  public static KeyGroups of(Collection<KeyGroup> groups) {
    Objects.requireNonNull(groups, "groups");
    Map<String, KeyGroup> map = new LinkedHashMap<>();
    Map<String, TrustedKey> byId = new HashMap<>();
    for (KeyGroup g : groups) {
      if (map.putIfAbsent(g.id(), g) != null) {
        throw new IllegalArgumentException("key group id " + g.id() + " is used twice");
      }
      for (TrustedKey k : g.keys().values()) {
        TrustedKey seen = byId.putIfAbsent(k.keyPairId(), k);
        if (seen != null && !seen.sameAs(k)) {
          throw new IllegalArgumentException("key pair id " + k.keyPairId()
              + " names two different keys (" + seen.fingerprint() + ", " + k.fingerprint() + ")");
        }
      }
    }
    return new KeyGroups(Collections.unmodifiableMap(map));
  }

  /** The group with this id, or null. */
  public KeyGroup group(String id) {
    return groups.get(id);
  }

  public Set<String> groupIds() {
    return groups.keySet();
  }

  public Collection<KeyGroup> groups() {
    return groups.values();
  }

  /**
   * The key {@code keyPairId} from one of {@code trustedGroupIds}, or null when none of them holds
   * it (a key of another group is as unknown as a key of no group).
   */
  public TrustedKey find(Collection<String> trustedGroupIds, String keyPairId) {
    for (String gid : trustedGroupIds) {
      KeyGroup g = groups.get(gid);
      if (g != null) {
        TrustedKey k = g.key(keyPairId);
        if (k != null) {
          return k;
        }
      }
    }
    return null;
  }

  /** Same groups holding the same keys (by id and fingerprint). */
  public boolean sameAs(KeyGroups other) {
    if (groups.size() != other.groups.size()) {
      return false;
    }
    for (KeyGroup g : groups.values()) {
      KeyGroup o = other.groups.get(g.id());
      if (o == null || !g.sameAs(o)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return groups.values().toString();
  }
}
