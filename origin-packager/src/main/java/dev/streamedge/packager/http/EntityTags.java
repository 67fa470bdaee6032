package dev.streamedge.packager.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Entity-tag comparison (RFC 9110 section 8.8.3.2): strong comparison for If-Match and If-Range, weak
 * comparison for If-None-Match. Tags are kept in their wire form, e.g. {@code "abc"} or {@code W/"abc"}.
 */
public final class EntityTags {
  private EntityTags() {}

  /** Splits a list header ({@code "a", W/"b"}) into tags; {@code *} is returned as itself. */
  public static List<String> parseList(String header) {
    List<String> tags = new ArrayList<>();
    int i = 0;
    int n = header.length();
    while (i < n) {
      char c = header.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '*') {
        tags.add("*");
        i++;
        continue;
      }
      int start = i;
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || header.charAt(i) != '"') {
        // Not an entity-tag: skip to the next comma so one bad element does not hide the others.
        while (i < n && header.charAt(i) != ',') {
          i++;
        }
        continue;
      }
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        break;
      }
      tags.add(header.substring(start, close + 1));
      i = close + 1;
    }
    return tags;
  }

  public static boolean isWeak(String tag) {
    return tag.startsWith("W/");
  }

  private static String opaque(String tag) {
    return isWeak(tag) ? tag.substring(2) : tag;
  }

  /** Strong comparison: both strong and identical. */
  public static boolean strongMatch(String a, String b) {
    return !isWeak(a) && !isWeak(b) && a.equals(b);
  }

  /** Weak comparison: opaque tags identical, either may be weak. */
  public static boolean weakMatch(String a, String b) {
    return opaque(a).equals(opaque(b));
  }
}
