package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): the fixed list plus the fields named in Connection. A
 * cache never stores them (RFC 9111 §3.1) and they are never forwarded. Package-private copy so
 * the cache rules depend only on {@link HttpFields}.
 */
final class HopByHopFields {
  private static final Set<String> FIXED = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authenticate", "proxy-authorization");

  private HopByHopFields() {}

  static HttpFields strip(HttpFields fields) {
    Set<String> drop = new HashSet<>(FIXED);
    for (String line : fields.all("Connection")) {
      for (String option : line.split(",")) {
        String name = option.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          drop.add(name);
        }
      }
    }
    HttpFields.Builder b = HttpFields.builder();
    boolean removed = false;
    for (HttpFields.Field f : fields.asList()) {
      if (drop.contains(f.name().toLowerCase(Locale.ROOT))) {
        removed = true;
      } else {
        b.add(f.name(), f.value());
      }
    }
    return removed ? b.build() : fields;
  }
}
