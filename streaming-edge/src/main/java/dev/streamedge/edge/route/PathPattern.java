package dev.streamedge.edge.route;

/**
 * A CloudFront path pattern: {@code *} matches any run of characters (including {@code /}),
 * {@code ?} exactly one, everything else itself, case-sensitively, against the request path
 * without its query string. A pattern without a leading {@code /} is read as if it had one, as
 * CloudFront does. Matching is the classic two-pointer wildcard algorithm: linear for the patterns
 * people write and O(n·m) in the worst case, with no regex (and so no regex injection).
 */
public final class PathPattern {
  /** CloudFront's limit on a path pattern's length. */
  public static final int MAX_LENGTH = 255;

  private final String pattern;

  private PathPattern(String pattern) {
    this.pattern = pattern;
  }

  public static PathPattern of(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("contains a space or control character at index " + i);
      }
    }
    String p = pattern.startsWith("/") || pattern.startsWith("*") ? pattern : "/" + pattern;
    return new PathPattern(p);
  }

  public String pattern() {
    return pattern;
  }

  public boolean matches(String path) {
    int p = 0;
    int s = 0;
    int star = -1;
    int mark = 0;
    int plen = pattern.length();
    int slen = path.length();
    while (s < slen) {
      if (p < plen && (pattern.charAt(p) == '?' || pattern.charAt(p) == path.charAt(s))) {
        p++;
        s++;
      } else if (p < plen && pattern.charAt(p) == '*') {
        star = p++;
        mark = s;
      } else if (star >= 0) {
        p = star + 1;
        s = ++mark;
      } else {
        return false;
      }
    }
    while (p < plen && pattern.charAt(p) == '*') {
      p++;
    }
    return p == plen;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
