package dev.streamedge.edge.auth;

/**
 * What a key-pair id may look like. CloudFront ids are 14 upper-case letters and digits ({@code
 * K2JCJMDEHXQW5F}); self-hosted ones may be any short name of letters, digits, {@code -} and {@code
 * _}. Checked before an id is looked up or logged, so a hostile value never reaches a log verbatim.
 */
final class KeyPairIds {
  static final int MAX_LENGTH = 128;

  private KeyPairIds() {}

  static boolean isValid(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
