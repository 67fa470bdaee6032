package dev.streamedge.edge.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An origin the edge fetches from ({@code distribution.origins[]}), with CloudFront's timeouts.
 *
 * @param url scheme, host, port and an optional path prefix prepended to every request path
 * @param connectTimeout time allowed for one TCP connection attempt
 * @param connectionAttempts attempts before the origin counts as unreachable
 * @param readTimeout time allowed for the response to start, and between body packets
 * @param keepaliveTimeout an idle pooled connection is closed after this
 * @param maxConnections pooled plus active connections per event loop; 0 = no limit
 * @param caFile PEM certificates trusted for an https origin instead of the system trust store;
 *     null for the system's
 * @param healthCheck an active health check, or null for passive detection only
 */
public record Origin(
    String id,
    URI url,
    Duration connectTimeout,
    int connectionAttempts,
    Duration readTimeout,
    Duration keepaliveTimeout,
    int maxConnections,
    java.nio.file.Path caFile,
    HealthCheck healthCheck) {
  /** An active health check: {@code GET path} every {@code interval}; a 2xx or 3xx is healthy. */
  public record HealthCheck(String path, Duration interval) {}

  public Origin {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
  }

  public String host() {
    return url.getHost();
  }

  public int port() {
    if (url.getPort() > 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  public boolean tls() {
    return "https".equalsIgnoreCase(url.getScheme());
  }

  /** The path prefix requests are mapped under ("" when the URL has none). */
  public String pathPrefix() {
    String p = url.getRawPath();
    if (p == null || p.isEmpty() || p.equals("/")) {
      return "";
    }
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** The Host header value for requests to this origin. */
  public String hostHeader() {
    boolean defaultPort = url.getPort() < 0 || url.getPort() == (tls() ? 443 : 80);
    String h = url.getHost().contains(":") ? "[" + url.getHost() + "]" : url.getHost();
    return defaultPort ? h : h + ":" + url.getPort();
  }
}
