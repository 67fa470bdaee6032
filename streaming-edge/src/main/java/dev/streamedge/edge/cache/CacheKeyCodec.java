package dev.streamedge.edge.cache;

/**
 * The one encoding used inside cache keys after the URL part: netstring-like tokens
 * ({@code <length>:<chars>}) so that no value can be mistaken for a separator, and {@code -} for
 * an absent value. Two different sequences of tokens always encode to different strings.
 */
final class CacheKeyCodec {
  private CacheKeyCodec() {}

  static void appendToken(StringBuilder sb, String s) {
    sb.append(s.length()).append(':').append(s);
  }

  /** A token, or {@code -} for null (a token always starts with a digit). */
  static void appendValue(StringBuilder sb, String s) {
    if (s == null) {
      sb.append('-');
    } else {
      appendToken(sb, s);
    }
  }
}
