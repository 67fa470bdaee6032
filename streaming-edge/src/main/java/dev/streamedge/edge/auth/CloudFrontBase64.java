package dev.streamedge.edge.auth;

import java.util.Base64;

/**
 * CloudFront's URL-safe variant of base64: the standard alphabet (RFC 4648 §4) with {@code +}→{@code
 * -}, {@code =}→{@code _} and {@code /}→{@code ~}. It is not RFC 4648's base64url, which uses {@code
 * -_} for {@code +/} and drops padding.
 *
 * <p>Decoding is strict: any character outside the 64 letters and the {@code _} pad, a pad before
 * the end, or an impossible length is rejected rather than guessed around, because a token that
 * decodes two ways is a token that verifies two ways. Missing padding is accepted (some signers trim
 * it); the decoded bytes are the same.
 */
public final class CloudFrontBase64 {
  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~";
    for (int i = 0; i < letters.length(); i++) {
      VALUE[letters.charAt(i)] = (byte) i;
    }
  }

  private CloudFrontBase64() {}

  /** Encodes with the standard alphabet, then swaps {@code +=/} for {@code -_~}. */
  public static String encode(byte[] bytes) {
    byte[] out = Base64.getEncoder().encode(bytes);
    for (int i = 0; i < out.length; i++) {
      switch (out[i]) {
        case '+' -> out[i] = '-';
        case '=' -> out[i] = '_';
        case '/' -> out[i] = '~';
        default -> { }
      }
    }
    return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Decodes {@code text}, or throws {@link MalformedTokenException} saying what is wrong (never
   * echoing more than a few characters of the input).
   */
  public static byte[] decode(CharSequence text) throws MalformedTokenException {
    int len = text.length();
    int pad = 0;
    while (pad < len && pad < 2 && text.charAt(len - 1 - pad) == '_') {
      pad++;
    }
    int dataLen = len - pad;
    for (int i = 0; i < dataLen; i++) {
      char c = text.charAt(i);
      if (c >= 128 || VALUE[c] < 0) {
        throw new MalformedTokenException(
            "character " + describe(c) + " at position " + i + " is not CloudFront base64");
      }
    }
    if (dataLen == 0) {
      throw new MalformedTokenException("empty base64 value");
    }
    if (pad > 0 && len % 4 != 0) {
      throw new MalformedTokenException("base64 padding in the wrong place");
    }
    if (dataLen % 4 == 1) {
      throw new MalformedTokenException("base64 length " + len + " is impossible");
    }
    byte[] out = new byte[dataLen / 4 * 3 + Math.max(0, dataLen % 4 - 1)];
    int acc = 0;
    int bits = 0;
    int o = 0;
    for (int i = 0; i < dataLen; i++) {
      acc = (acc << 6) | VALUE[text.charAt(i)];
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >> bits);
        acc &= (1 << bits) - 1;
      }
    }
    return out;
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
