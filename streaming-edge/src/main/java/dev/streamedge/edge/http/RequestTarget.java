package dev.streamedge.edge.http;

/**
 * Splits and checks a request target (RFC 9112 §3.2). Origin-form ({@code /path?query}) and
 * absolute-form ({@code http://host/path}) are accepted; anything that could make the origin see a
 * different path than the one routing and authorization saw is refused: dot-segments (raw or
 * percent-encoded), encoded slashes or backslashes, NUL and control characters, a fragment.
 */
public sealed interface RequestTarget {
  /** A target that can be routed. */
  record Valid(String path, String rawQuery) implements RequestTarget {}

  /** A target refused with 400 and a short reason. */
  record Invalid(String reason) implements RequestTarget {}

  int MAX_PATH_LENGTH = 8192;

  static RequestTarget parse(String uri) {
    if (uri == null || uri.isEmpty()) {
      return new Invalid("empty request target");
    }
    String t = uri;
    if (!t.startsWith("/")) {
      int scheme = t.indexOf("://");
      if (scheme <= 0) {
        return new Invalid(t.equals("*") ? "'*' is not supported" : "request target must start with '/'");
      }
      int slash = t.indexOf('/', scheme + 3);
      int q = t.indexOf('?', scheme + 3);
      if (slash < 0 || (q >= 0 && q < slash)) {
        t = "/" + (q >= 0 ? t.substring(q) : "");
      } else {
        t = t.substring(slash);
      }
    }
    if (t.indexOf('#') >= 0) {
      return new Invalid("a request target must not contain a fragment");
    }
    int q = t.indexOf('?');
    String path = q < 0 ? t : t.substring(0, q);
    String query = q < 0 ? null : t.substring(q + 1);
    if (path.length() > MAX_PATH_LENGTH) {
      return new Invalid("path too long");
    }
    String problem = checkPath(path);
    if (problem != null) {
      return new Invalid(problem);
    }
    if (query != null) {
      for (int i = 0; i < query.length(); i++) {
        char c = query.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          return new Invalid("query contains a space, control or non-ASCII character");
        }
      }
    }
    return new Valid(path, query);
  }

  private static String checkPath(String path) {
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return "path contains a space, backslash, control or non-ASCII character";
      }
      if (c == '%') {
        if (i + 2 >= n || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
          return "path contains a malformed percent-encoding";
        }
        int v = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
        if (v == 0 || v == '/' || v == '\\') {
          return "path contains an encoded NUL, slash or backslash";
        }
      }
    }
    // Dot-segments, with '.' possibly written as %2e.
    int start = 0;
    while (start <= n) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      String seg = path.substring(start, end).replace("%2e", ".").replace("%2E", ".");
      if (seg.equals(".") || seg.equals("..")) {
        return "path contains a dot-segment ('.' or '..')";
      }
      start = end + 1;
    }
    return null;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
