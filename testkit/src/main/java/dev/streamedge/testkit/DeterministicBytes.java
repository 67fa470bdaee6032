package dev.streamedge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bytes that are a pure function of (seed, offset), so a test origin can serve a 20 GB object
 * without storing it and a test can check any range of it without having downloaded the rest.
 * Each aligned 8-byte word is SplitMix64 of (seed, word index): incompressible, cheap to produce.
 */
public final class DeterministicBytes {
  private DeterministicBytes() {}

  public static byte at(long seed, long offset) {
    long word = mix(seed, offset >>> 3);
    return (byte) (word >>> ((offset & 7) * 8));
  }

  /** Fills {@code dst[off, off+len)} with the bytes starting at {@code offset}. */
  public static void fill(long seed, long offset, byte[] dst, int off, int len) {
    int i = 0;
    while (i < len) {
      long pos = offset + i;
      if ((pos & 7) == 0 && len - i >= 8) {
        long w = mix(seed, pos >>> 3);
        for (int k = 0; k < 8; k++) {
          dst[off + i + k] = (byte) (w >>> (k * 8));
        }
        i += 8;
      } else {
        dst[off + i] = at(seed, pos);
        i++;
      }
    }
  }

  /** Writes {@code length} bytes starting at {@code offset}. */
  public static void write(long seed, long offset, long length, OutputStream out) throws IOException {
    byte[] buf = new byte[64 << 10];
    long done = 0;
    while (done < length) {
      int n = (int) Math.min(buf.length, length - done);
      fill(seed, offset + done, buf, 0, n);
      out.write(buf, 0, n);
      done += n;
    }
  }

  /** SHA-256 of the {@code length} bytes starting at {@code offset}, as hex. */
  public static String sha256(long seed, long offset, long length) {
    MessageDigest md = sha256();
    byte[] buf = new byte[64 << 10];
    long done = 0;
    while (done < length) {
      int n = (int) Math.min(buf.length, length - done);
      fill(seed, offset + done, buf, 0, n);
      md.update(buf, 0, n);
      done += n;
    }
    return hex(md.digest());
  }

  /** Reads {@code in} to its end, checking every byte against the expected ones from {@code offset}. */
  public static long verify(long seed, long offset, InputStream in) throws IOException {
    byte[] buf = new byte[64 << 10];
    byte[] expected = new byte[buf.length];
    long pos = offset;
    for (int n; (n = in.read(buf)) > 0; ) {
      fill(seed, pos, expected, 0, n);
      for (int i = 0; i < n; i++) {
        if (buf[i] != expected[i]) {
          throw new AssertionError("byte at offset " + (pos + i) + " differs");
        }
      }
      pos += n;
    }
    return pos - offset;
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  private static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
