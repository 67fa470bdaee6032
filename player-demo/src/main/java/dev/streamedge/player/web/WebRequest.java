package dev.streamedge.player.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request as the site sees it: method, raw path, decoded query and form parameters (first value of each),
 * and header fields by lower-case name (first value of each).
 */
public record WebRequest(
    String method, String path, Map<String, String> query, Map<String, String> headers, Map<String, String> form) {
  public WebRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    form = Map.copyOf(form);
  }

  /** A header's first value, or null; {@code name} in any case. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public boolean isHead() {
    return method.equals("HEAD");
  }

  /**
   * Parses {@code application/x-www-form-urlencoded} (also a query string): first value of each name wins;
   * a malformed escape yields an {@link IllegalArgumentException}.
   */
  public static Map<String, String> parseForm(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(name, value);
    }
    return out;
  }
}
