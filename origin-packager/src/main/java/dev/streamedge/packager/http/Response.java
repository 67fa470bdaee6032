package dev.streamedge.packager.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A planned response: status, end-to-end headers (the transport adds Date, Server and Connection) and a
 * described body. {@code Content-Length} is always set by the planner, also for HEAD.
 */
public record Response(int status, List<Header> headers, Body body) {
  public Response {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** One header line. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The first value of a header (case-insensitive), or null. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** A short plain-text answer ({@code reason} plus newline) for errors and simple endpoints. */
  public static Response text(int status, String reason, String cacheControl, boolean head) {
    byte[] bytes = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    List<Header> h = new ArrayList<>();
    h.add(new Header("Content-Type", "text/plain; charset=utf-8"));
    h.add(new Header("Content-Length", Long.toString(bytes.length)));
    h.add(new Header("Cache-Control", cacheControl));
    return new Response(status, h, head ? new Body.Empty() : new Body.Text(bytes));
  }

  /** The same response with one more header. */
  public Response with(String name, String value) {
    List<Header> h = new ArrayList<>(headers);
    h.add(new Header(name, value));
    return new Response(status, h, body);
  }
}
