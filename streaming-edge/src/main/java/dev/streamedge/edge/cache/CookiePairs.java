package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.List;

/** The name=value pairs of a request's Cookie lines (RFC 6265 §5.4 form), in order. */
final class CookiePairs {
  /** One cookie; {@code value} is null for a pair without {@code =}. */
  record Pair(String name, String value) {
    String render() {
      return value == null ? name : name + "=" + value;
    }
  }

  private CookiePairs() {}

  static List<Pair> parse(HttpFields request) {
    List<Pair> pairs = new ArrayList<>();
    for (String line : request.all("Cookie")) {
      for (String part : line.split(";")) {
        String p = part.strip();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        pairs.add(eq < 0 ? new Pair(p, null) : new Pair(p.substring(0, eq).strip(), p.substring(eq + 1).strip()));
      }
    }
    return pairs;
  }
}
