package dev.streamedge.store.engine;

import java.nio.charset.StandardCharsets;

/** Validation and fingerprints of cache keys. */
public final class CacheKeys {
  /** Longest key accepted, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 8 * 1024;

  private CacheKeys() {}

  /**
   * Checks a cache key: non-empty, no U+0000 (the separator of the stored key layout), no unpaired
   * surrogate (it would not round-trip through UTF-8), at most {@link #MAX_KEY_BYTES}.
   */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("cache key must not be empty");
    }
    checkChars(key, "cache key");
    return key;
  }

  /** Checks a purge prefix: like a key, but may be empty (everything). */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    checkChars(prefix, "prefix");
    return prefix;
  }

  private static void checkChars(String s, String what) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(what + " must not contain U+0000");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException(what + " has an unpaired surrogate");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException(what + " has an unpaired surrogate");
      }
    }
    if (n * 3 > MAX_KEY_BYTES && s.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(what + " longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
    }
  }

  /** A 64-bit fingerprint (FNV-1a over the chars, then mixed) for the eviction policy's ghost. */
  public static long fingerprint(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
