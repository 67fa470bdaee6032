package dev.streamedge.player.app;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.streamedge.player.web.PlayerSite;
import dev.streamedge.player.web.WebRequest;
import dev.streamedge.player.web.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JDK {@link HttpExchange} into a {@link WebRequest} and writes the site's {@link WebResponse}.
 * A form body is read up to {@value #MAX_FORM} bytes (more is 413); a resource body is streamed from the
 * jar in small buffers. A failure answers 500 with a short text, never a stack trace.
 */
final class ExchangeAdapter implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ExchangeAdapter.class);
  static final int MAX_FORM = 8 * 1024;

  private final PlayerSite site;

  ExchangeAdapter(PlayerSite site) {
    this.site = site;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    long t0 = System.nanoTime();
    int status = 500;
    try (ex) {
      WebResponse response;
      try {
        response = answer(ex);
      } catch (IllegalArgumentException e) {
        response = plain(400, "400 Bad Request: " + e.getMessage());
      } catch (RuntimeException e) {
        log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        response = plain(500, "500 Internal Server Error");
      }
      status = response.status();
      write(ex, response);
    } catch (IOException e) {
      log.debug("{} {}: client went away: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
    } finally {
      log.debug("{} {} {} {} ms", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), status,
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private WebResponse answer(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getRawPath();
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return plain(400, "400 Bad Request: bad request target");
    }
    Map<String, String> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((name, values) -> {
      if (!values.isEmpty()) {
        headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
      }
    });
    Map<String, String> form = Map.of();
    if (method.equals("POST")) {
      String type = headers.getOrDefault("content-type", "");
      if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        return unreadBody(plain(415, "415 Unsupported Media Type: expected a form (application/x-www-form-urlencoded)"));
      }
      byte[] body = ex.getRequestBody().readNBytes(MAX_FORM + 1);
      if (body.length > MAX_FORM) {
        return unreadBody(plain(413, "413 Content Too Large: a form is at most " + MAX_FORM + " bytes"));
      }
      form = WebRequest.parseForm(new String(body, StandardCharsets.US_ASCII));
    }
    Map<String, String> query = WebRequest.parseForm(ex.getRequestURI().getRawQuery());
    return site.handle(new WebRequest(method, path, query, headers, form));
  }

  private void write(HttpExchange ex, WebResponse response) throws IOException {
    Headers h = ex.getResponseHeaders();
    for (Map.Entry<String, String> e : response.headers()) {
      h.add(e.getKey(), e.getValue());
    }
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    WebResponse.Body body = response.body();
    if (body instanceof WebResponse.Bytes b && !head && b.bytes().length > 0) {
      ex.sendResponseHeaders(response.status(), b.bytes().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b.bytes());
      }
    } else if (body instanceof WebResponse.Resource r && !head) {
      ex.sendResponseHeaders(response.status(), r.length());
      try (InputStream in = site.assets().open(r.name()); OutputStream out = ex.getResponseBody()) {
        in.transferTo(out);
      }
    } else {
      ex.sendResponseHeaders(response.status(), -1);
    }
  }

  /**
   * A refusal sent before the request body was read: the connection closes after it, since the rest of
   * the body would otherwise be read as the next request (the JDK server does not drain it reliably).
   */
  private static WebResponse unreadBody(WebResponse r) {
    List<Map.Entry<String, String>> h = new java.util.ArrayList<>(r.headers());
    h.add(Map.entry("Connection", "close"));
    return new WebResponse(r.status(), h, r.body());
  }

  private static WebResponse plain(int status, String text) {
    return new WebResponse(status, List.of(
        Map.entry("Content-Type", "text/plain; charset=utf-8"), Map.entry("Cache-Control", "no-store")),
        new WebResponse.Bytes((text + "\n").getBytes(StandardCharsets.UTF_8)));
  }
}
