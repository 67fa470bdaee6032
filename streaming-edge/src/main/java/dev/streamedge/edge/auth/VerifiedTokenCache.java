package dev.streamedge.edge.auth;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature already verified, so a player fetching a thousand segments with the same
 * cookies costs one public-key operation. A hit returns the verified {@link PolicyStatement}; time,
 * resource and client address are still checked on every request.
 *
 * <p>Keyed by the token exactly as received (key-pair id, hash algorithm, policy or canned
 * URL+expiry, signature), so a hit is exactly a token already verified; the entry remembers the key
 * it verified with, and a reloaded group with different material under that id misses. Only
 * verified tokens enter, so a client cannot fill it with junk; at capacity it drops expired entries
 * and then arbitrary ones. That is cruder than Caffeine's W-TinyLFU and plenty here: the working set
 * is one entry per viewer session, and a miss costs one verify (~tens of microseconds for RSA).
 */
final class VerifiedTokenCache {
  record Entry(TrustedKey key, PolicyStatement policy) {}

  /**
   * The token as received. For a canned policy {@code policyOrUrl} is the request URL and {@code
   * expires} the canned expiry (together they are the policy); for a custom one it is the encoded
   * policy and {@code expires} is 0.
   */
  record Key(PolicyKind kind, String keyPairId, HashAlgorithm hash, String policyOrUrl,
      long expires, String signature) {}

  private final int capacity;
  private final ConcurrentHashMap<Key, Entry> map;

  VerifiedTokenCache(int capacity) {
    this.capacity = capacity;
    this.map = new ConcurrentHashMap<>(Math.min(capacity, 1024));
  }

  Entry get(Key key) {
    return capacity == 0 ? null : map.get(key);
  }

  void put(Key key, Entry entry, Instant now) {
    if (capacity == 0) {
      return;
    }
    if (map.size() >= capacity) {
      evict(now);
    }
    map.put(key, entry);
  }

  int size() {
    return map.size();
  }

  private void evict(Instant now) {
    int target = capacity - Math.max(1, capacity / 4);
    for (Iterator<Map.Entry<Key, Entry>> it = map.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().policy().expiredAt(now)) {
        it.remove();
      }
    }
    for (Iterator<Key> it = map.keySet().iterator(); it.hasNext() && map.size() > target; ) {
      it.next();
      it.remove();
    }
  }
}
