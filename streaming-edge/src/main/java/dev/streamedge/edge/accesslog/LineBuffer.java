package dev.streamedge.edge.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for one log line. The format emits ASCII only, so lines are built as
 * bytes directly: no char buffer, no encoder, no copy before the write. One per writer thread.
 */
final class LineBuffer {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int length;

  LineBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  void clear() {
    length = 0;
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  /** Makes room for {@code extra} more bytes. */
  void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }

  /**
   * Appends {@code value} with every char that is not {@code verbatim} written as {@code %XX}: a
   * char up to U+00FF as that one byte (wire text), a char above as the UTF-8 bytes of its code
   * point (a lone surrogate as U+FFFD). The loop works on locals; this is most of a line's cost.
   */
  LineBuffer putEscaped(CharSequence value, boolean[] verbatim) {
    int n = value.length();
    ensure(n * 9); // the worst case: a BMP char above U+07FF is three %XX triplets
    byte[] dst = bytes;
    int at = length;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80 && verbatim[c]) {
        dst[at++] = (byte) c;
      } else if (c <= 0xFF) {
        at = percent(dst, at, c);
      } else {
        int cp = c;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          cp = Character.toCodePoint(c, value.charAt(++i));
        } else if (Character.isSurrogate(c)) {
          cp = 0xFFFD;
        }
        if (cp < 0x800) {
          at = percent(dst, at, 0xC0 | (cp >> 6));
        } else if (cp < 0x10000) {
          at = percent(dst, at, 0xE0 | (cp >> 12));
          at = percent(dst, at, 0x80 | ((cp >> 6) & 0x3F));
        } else {
          at = percent(dst, at, 0xF0 | (cp >> 18));
          at = percent(dst, at, 0x80 | ((cp >> 12) & 0x3F));
          at = percent(dst, at, 0x80 | ((cp >> 6) & 0x3F));
        }
        at = percent(dst, at, 0x80 | (cp & 0x3F));
      }
    }
    length = at;
    return this;
  }

  private static int percent(byte[] dst, int at, int v) {
    dst[at] = '%';
    dst[at + 1] = HEX[(v >> 4) & 0xF];
    dst[at + 2] = HEX[v & 0xF];
    return at + 3;
  }

  LineBuffer put(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** A string known to be ASCII (tokens, pre-escaped fields). */
  LineBuffer putAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** A non-negative number in decimal, at least {@code width} digits (zero-padded). */
  LineBuffer putNumber(long v, int width) {
    ensure(20);
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      bytes[length++] = '0';
    }
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    length = end;
    return this;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }
}
