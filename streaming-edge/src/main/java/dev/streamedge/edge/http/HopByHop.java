package dev.streamedge.edge.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): the fixed list plus every field named in {@code
 * Connection}. They are never forwarded by a proxy nor stored by a cache (RFC 9111 §3.1).
 */
public final class HopByHop {
  private static final Set<String> FIXED = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authenticate", "proxy-authorization");

  private HopByHop() {}

  /** A copy of {@code fields} without hop-by-hop fields (or {@code fields} itself if it has none). */
  public static HttpFields strip(HttpFields fields) {
    Set<String> named = new HashSet<>();
    for (String line : fields.all("Connection")) {
      for (String option : line.split(",")) {
        String name = option.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          named.add(name);
        }
      }
    }
    HttpFields.Builder b = HttpFields.builder();
    boolean removed = false;
    for (HttpFields.Field f : fields.asList()) {
      String lower = f.name().toLowerCase(Locale.ROOT);
      if (FIXED.contains(lower) || named.contains(lower)) {
        removed = true;
      } else {
        b.add(f.name(), f.value());
      }
    }
    return removed ? b.build() : fields;
  }

  public static boolean isHopByHop(String name) {
    return FIXED.contains(name.toLowerCase(Locale.ROOT));
  }
}
