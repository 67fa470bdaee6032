package dev.streamedge.edge.http;

import java.util.List;
import java.util.Locale;

/** Small parsers for field values that several stages share. */
public final class HttpFieldValues {
  private HttpFieldValues() {}

  /**
   * Content-Length per RFC 9110 §8.6: -1 when absent, -2 when invalid (non-digits, overflow, or
   * several lines that disagree, which must be treated as an unrecoverable framing error).
   */
  public static long contentLength(HttpFields headers) {
    List<String> values = headers.all("Content-Length");
    if (values.isEmpty()) {
      return -1;
    }
    long result = -1;
    for (String line : values) {
      for (String part : line.split(",", -1)) {
        long v = parseNonNegative(part.trim());
        if (v < 0 || (result >= 0 && result != v)) {
          return -2;
        }
        result = v;
      }
    }
    return result;
  }

  /** Parses a decimal of 1-18 digits; -1 when it is not one. */
  public static long parseNonNegative(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** True when a comma-separated field (e.g. Connection) lists {@code token}, ignoring case. */
  public static boolean listContains(String fieldValue, String token) {
    if (fieldValue == null) {
      return false;
    }
    for (String part : fieldValue.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
