package dev.streamedge.store;

import java.nio.ByteBuffer;

/**
 * Deterministic test bodies: the byte at any offset is a function of (seed, offset), so a slice of
 * a 20 GB object can be produced and checked without the rest of it.
 */
public final class Bodies {
  private Bodies() {}

  public static byte at(long seed, long offset) {
    long x = (offset + seed * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
    x ^= x >>> 29;
    return (byte) (x ^ (x >>> 32) ^ (offset >>> 32));
  }

  /** Bytes {@code [offset, offset + length)} of body {@code seed}, in a fresh heap buffer. */
  public static ByteBuffer slice(long seed, long offset, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    for (int i = 0; i < length; i++) {
      b.put(at(seed, offset + i));
    }
    return b.flip();
  }

  /** Index of the first byte of {@code buf} (position..limit) that differs, or -1. */
  public static long firstMismatch(long seed, long offset, ByteBuffer buf) {
    for (int i = buf.position(); i < buf.limit(); i++) {
      if (buf.get(i) != at(seed, offset + i - buf.position())) {
        return offset + i - buf.position();
      }
    }
    return -1;
  }
}
