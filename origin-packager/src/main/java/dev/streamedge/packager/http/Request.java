package dev.streamedge.packager.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as the routing and planning code sees it.
 *
 * @param method upper-case method name
 * @param rawPath the path exactly as sent, still percent-encoded, without the query
 * @param headers header values by lower-case name (the first occurrence)
 */
public record Request(String method, String rawPath, Map<String, String> headers) {
  public Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    headers = Map.copyOf(headers);
  }

  /** The value of a header, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public boolean isHead() {
    return "HEAD".equals(method);
  }

  public boolean isGet() {
    return "GET".equals(method);
  }
}
