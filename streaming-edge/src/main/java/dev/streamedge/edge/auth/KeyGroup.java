package dev.streamedge.edge.auth;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of public keys (CloudFront's key group). A behavior trusts groups, not keys, so a
 * key can be rotated by adding the new key to the group, moving signers over, then removing the old
 * one, without touching any behavior.
 */
public final class KeyGroup {
  private final String id;
  private final Map<String, TrustedKey> keys;

  private KeyGroup(String id, Map<String, TrustedKey> keys) {
    this.id = id;
    this.keys = keys;
  }

  /** A group of {@code keys}; key-pair ids must be unique within it. */
  public static KeyGroup of(String id, Collection<TrustedKey> keys) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keys, "keys");
    Map<String, TrustedKey> map = new LinkedHashMap<>();
    for (TrustedKey k : keys) {
      if (map.putIfAbsent(k.keyPairId(), k) != null) {
        throw new IllegalArgumentException(
            "key group " + id + " lists key pair id " + k.keyPairId() + " twice");
      }
    }
    return new KeyGroup(id, Collections.unmodifiableMap(map));
  }

  public String id() {
    return id;
  }

  /** Keys by key-pair id, in configuration order. */
  public Map<String, TrustedKey> keys() {
    return keys;
  }

  /** The key with this id, or null. */
  public TrustedKey key(String keyPairId) {
    return keys.get(keyPairId);
  }

  boolean sameAs(KeyGroup other) {
    if (!id.equals(other.id) || keys.size() != other.keys.size()) {
      return false;
    }
    for (TrustedKey k : keys.values()) {
      TrustedKey o = other.keys.get(k.keyPairId());
      if (o == null || !k.sameAs(o)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return id + keys.keySet();
  }
}
