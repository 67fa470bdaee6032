package dev.streamedge.player.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response the adapter writes: status, header fields in order (several {@code Set-Cookie} allowed), and a
 * body that is either a few bytes made here or a classpath resource streamed from the jar.
 */
public record WebResponse(int status, List<Map.Entry<String, String>> headers, Body body) {
  /** What goes after the head. */
  public sealed interface Body {}

  /** Bytes made by the site (a page, a short message). */
  public record Bytes(byte[] bytes) implements Body {}

  /** A resource from the class path, streamed; {@code length} is its size in bytes. */
  public record Resource(String name, long length) implements Body {}

  /** Nothing (a redirect). */
  public record Empty() implements Body {}

  static final String NO_STORE = "no-store";
  /** What every page carries: scripts only from this site (no inline script), no framing. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
      + "form-action 'self'; base-uri 'none'; object-src 'none'";

  public WebResponse {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** The first value of a header field, or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** Every value of a header field, in order. */
  public List<String> headers(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        out.add(h.getValue());
      }
    }
    return out;
  }

  /** The body as text (tests, small answers); empty for a streamed resource. */
  public String text() {
    return body instanceof Bytes b ? new String(b.bytes(), StandardCharsets.UTF_8) : "";
  }

  static WebResponse page(int status, String html) {
    return new WebResponse(status, List.of(
        Map.entry("Content-Type", "text/html; charset=utf-8"),
        Map.entry("Cache-Control", NO_STORE),
        Map.entry("Content-Security-Policy", CSP),
        Map.entry("X-Content-Type-Options", "nosniff"),
        Map.entry("Referrer-Policy", "same-origin")),
        new Bytes(html.getBytes(StandardCharsets.UTF_8)));
  }

  static WebResponse text(int status, String message, List<Map.Entry<String, String>> extra) {
    List<Map.Entry<String, String>> h = new ArrayList<>();
    h.add(Map.entry("Content-Type", "text/plain; charset=utf-8"));
    h.add(Map.entry("Cache-Control", NO_STORE));
    h.add(Map.entry("X-Content-Type-Options", "nosniff"));
    h.addAll(extra);
    return new WebResponse(status, h, new Bytes((message + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  static WebResponse text(int status, String message) {
    return text(status, message, List.of());
  }

  /** A 303 to {@code location} (after a form POST), setting {@code cookies}. */
  static WebResponse seeOther(String location, List<String> cookies) {
    List<Map.Entry<String, String>> h = new ArrayList<>();
    h.add(Map.entry("Location", location));
    h.add(Map.entry("Cache-Control", NO_STORE));
    for (String c : cookies) {
      h.add(Map.entry("Set-Cookie", c));
    }
    return new WebResponse(303, h, new Empty());
  }
}
