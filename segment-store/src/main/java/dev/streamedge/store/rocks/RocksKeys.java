package dev.streamedge.store.rocks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte layout of keys in the column families.
 *
 * <pre>
 *   meta     key 0x00                                   -> record
 *   chunks   key 0x00 generation(8) index(8)            -> data + CRC32C(4)
 *   pending  key 0x00 generation(8) kind(1) from(8)     -> to(8)
 * </pre>
 *
 * {@code key} is the cache key in UTF-8, which never contains 0x00 (U+0000 is rejected) nor 0xFF.
 * Big-endian numbers sort numerically. So every stored key of cache key K starts with {@code K
 * 0x00}, all of K's keys sort together, and the keys of every cache key starting with prefix P lie
 * in {@code [P, P with its last byte + 1)}: one range delete per column family purges a prefix.
 */
final class RocksKeys {
  private RocksKeys() {}

  static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] record(String key) {
    byte[] k = utf8(key);
    return Arrays.copyOf(k, k.length + 1);
  }

  /** {@code key 0x00 generation}: the prefix of a version's chunk keys. */
  static byte[] chunkPrefix(String key, long generation) {
    byte[] k = utf8(key);
    return ByteBuffer.allocate(k.length + 9).put(k).put((byte) 0).putLong(generation).array();
  }

  static byte[] chunk(byte[] prefix, long index) {
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(index).array();
  }

  /** Chunk keys of {@code [from, to)}; {@code to == Long.MAX_VALUE} means the whole version. */
  static byte[][] chunkRange(byte[] prefix, long from, long to) {
    byte[] end;
    if (to == Long.MAX_VALUE) {
      end = successor(prefix);
    } else {
      end = chunk(prefix, to);
    }
    return new byte[][] {chunk(prefix, from), end};
  }

  static byte[] pending(byte[] prefix, byte kind, long from) {
    return ByteBuffer.allocate(prefix.length + 9).put(prefix).put(kind).putLong(from).array();
  }

  /** {@code [P, successor(P))}: every key of every cache key starting with {@code prefix}. */
  static byte[][] prefixRange(String prefix) {
    byte[] p = utf8(prefix);
    return new byte[][] {p, successor(p)};
  }

  /** {@code [K 0x00, K 0x01)}: every key of exactly cache key {@code key}. */
  static byte[][] keyRange(String key) {
    byte[] begin = record(key);
    byte[] end = begin.clone();
    end[end.length - 1] = 1;
    return new byte[][] {begin, end};
  }

  /** The smallest byte string greater than every string starting with {@code p}. */
  static byte[] successor(byte[] p) {
    byte[] s = p.clone();
    for (int i = s.length - 1; i >= 0; i--) {
      if (s[i] != (byte) 0xFF) {
        s[i]++;
        return Arrays.copyOf(s, i + 1);
      }
    }
    // Empty (or all 0xFF, impossible in UTF-8): 0xFF sorts after every UTF-8 key.
    return new byte[] {(byte) 0xFF};
  }

  /** The cache key of a stored key: the bytes before the first 0x00. */
  static String cacheKeyOf(byte[] stored) {
    int sep = 0;
    while (sep < stored.length && stored[sep] != 0) {
      sep++;
    }
    return new String(stored, 0, sep, StandardCharsets.UTF_8);
  }

  /** Length of the cache key part of a stored key. */
  static int separatorAt(byte[] stored) {
    int sep = 0;
    while (sep < stored.length && stored[sep] != 0) {
      sep++;
    }
    return sep;
  }
}
