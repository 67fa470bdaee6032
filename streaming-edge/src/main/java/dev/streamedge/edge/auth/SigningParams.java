package dev.streamedge.edge.auth;

import java.util.List;

/**
 * The signing values of one request, from its query ({@code Expires}, {@code Policy}, {@code
 * Signature}, {@code Key-Pair-Id}, {@code Hash-Algorithm}) or from its cookies (the same names with
 * a {@code CloudFront-} prefix). Values are as received (query values percent-decoded); null when
 * absent. Names are case-sensitive, as in CloudFront.
 *
 * @param duplicate the name of a query signing parameter given more than once (the request is then
 *     malformed), or null
 */
public record SigningParams(
    String expires,
    String policy,
    String signature,
    String keyPairId,
    String hashAlgorithm,
    String duplicate) {

  /** No signing values at all. */
  public static final SigningParams NONE = new SigningParams(null, null, null, null, null, null);

  /** The query parameter names CloudFront reserves for signed URLs. */
  public static final List<String> QUERY_NAMES =
      List.of("Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm");

  /** The cookie names CloudFront reserves for signed cookies. */
  public static final List<String> COOKIE_NAMES = List.of("CloudFront-Expires", "CloudFront-Policy",
      "CloudFront-Signature", "CloudFront-Key-Pair-Id", "CloudFront-Hash-Algorithm");

  /**
   * Whether any signing value is present. {@code Hash-Algorithm} alone does not count: it means
   * nothing without a signature.
   */
  public boolean present() {
    return expires != null || policy != null || signature != null || keyPairId != null;
  }

  /**
   * Splits a raw query string (after {@code ?}, still percent-encoded; null or empty for none)
   * into the signing parameters and the rest. The rest keeps its original bytes and order: it is
   * what the resource URL was signed with, and what the cache key and the origin request use.
   */
  public static StrippedQuery strip(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new StrippedQuery("", NONE);
    }
    String[] values = new String[5];
    String duplicate = null;
    StringBuilder rest = null; // allocated only once a signing parameter is seen
    int n = rawQuery.length();
    int start = 0;
    boolean firstKept = true;
    while (start <= n) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? n : amp;
      int eq = rawQuery.indexOf('=', start);
      int nameEnd = eq < 0 || eq > end ? end : eq;
      int which = indexOf(rawQuery, start, nameEnd);
      if (which >= 0) {
        if (rest == null) {
          rest = new StringBuilder(n);
          if (start > 0) {
            rest.append(rawQuery, 0, start - 1); // without the '&' before this parameter
            firstKept = false;
          }
        }
        String value = nameEnd < end ? percentDecode(rawQuery.substring(nameEnd + 1, end)) : "";
        if (values[which] != null && duplicate == null) {
          duplicate = QUERY_NAMES.get(which);
        }
        if (values[which] == null) {
          values[which] = value;
        }
      } else if (rest != null) {
        if (!firstKept) {
          rest.append('&');
        }
        rest.append(rawQuery, start, end);
        firstKept = false;
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    if (rest == null) {
      return new StrippedQuery(rawQuery, NONE);
    }
    SigningParams params =
        new SigningParams(values[0], values[1], values[2], values[3], values[4], duplicate);
    return new StrippedQuery(rest.toString(), params);
  }

  /**
   * The signing cookies among {@code cookieHeaders} (each a {@code Cookie} field value, RFC 6265
   * §5.4). When a name occurs more than once the first wins: browsers send the cookie of the most
   * specific path first.
   */
  public static SigningParams fromCookies(List<String> cookieHeaders) {
    String[] values = null;
    for (String header : cookieHeaders) {
      int n = header.length();
      int i = 0;
      while (i < n) {
        while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
          i++;
        }
        int semi = header.indexOf(';', i);
        int end = semi < 0 ? n : semi;
        int eq = header.indexOf('=', i);
        if (eq > 0 && eq < end && header.startsWith("CloudFront-", i)) {
          int which = -1;
          for (int k = 0; k < COOKIE_NAMES.size(); k++) {
            String name = COOKIE_NAMES.get(k);
            if (eq - i == name.length() && header.startsWith(name, i)) {
              which = k;
              break;
            }
          }
          if (which >= 0) {
            if (values == null) {
              values = new String[5];
            }
            if (values[which] == null) {
              values[which] = unquote(header.substring(eq + 1, end).strip());
            }
          }
        }
        i = end + 1;
      }
    }
    return values == null
        ? NONE
        : new SigningParams(values[0], values[1], values[2], values[3], values[4], null);
  }

  /** The query without the signing parameters, and those parameters. */
  public record StrippedQuery(String query, SigningParams params) {
    /** {@code base} followed by {@code ?query} when the stripped query is not empty. */
    public String appendTo(String base) {
      return query.isEmpty() ? base : base + "?" + query;
    }
  }

  private static int indexOf(String s, int from, int to) {
    int len = to - from;
    for (int k = 0; k < QUERY_NAMES.size(); k++) {
      String name = QUERY_NAMES.get(k);
      if (name.length() == len && s.startsWith(name, from)) {
        return k;
      }
    }
    return -1;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /**
   * Decodes {@code %XX}; anything else (including {@code +}, which is not a space here, and a bad
   * escape) is kept as is and later fails base64 decoding as malformed.
   */
  static String percentDecode(String s) {
    int pct = s.indexOf('%');
    if (pct < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    sb.append(s, 0, pct);
    for (int i = pct; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        int b = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
        if (b < 0x80) {
          sb.append((char) b);
          i += 2;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
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
