package dev.streamedge.edge.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw query string split at {@code &} into its parts, each kept exactly as received. The
 * name used for matching is percent-decoded (so that {@code colo%72=red} is recognized as {@code
 * color} — otherwise an allow list could be side-stepped by encoding a name the origin decodes);
 * {@code +} is left alone. Empty parts ({@code a=1&&b=2}) are dropped when filtering.
 */
final class QueryParameters {
  /** One {@code name[=value]} part: the raw text and its decoded name. */
  record Part(String raw, String decodedName) {}

  private QueryParameters() {}

  static List<Part> parse(String rawQuery) {
    List<Part> parts = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parts;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      String raw = rawQuery.substring(start, end);
      if (!raw.isEmpty()) {
        int eq = raw.indexOf('=');
        parts.add(new Part(raw, percentDecode(eq < 0 ? raw : raw.substring(0, eq))));
      }
      start = end + 1;
    }
    return parts;
  }

  /** The parts of {@code rawQuery} selected by {@code keep}, joined by {@code &}, in order. */
  static String filter(String rawQuery, FieldSelection keep, FieldSelection alsoKeep) {
    StringBuilder sb = new StringBuilder();
    for (Part p : parse(rawQuery)) {
      if (keep.selects(p.decodedName(), false) || (alsoKeep != null && alsoKeep.selects(p.decodedName(), false))) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(p.raw());
      }
    }
    return sb.toString();
  }

  /** %XX decoding as UTF-8; a malformed escape is kept literally. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
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
