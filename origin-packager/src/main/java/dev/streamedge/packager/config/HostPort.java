package dev.streamedge.packager.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A listen address {@code host:port} ({@code [::1]:9001} for IPv6, {@code :9001} for every interface);
 * port 0 picks an ephemeral port.
 */
public record HostPort(String host, int port) {
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses {@code host:port}; empty when malformed. */
  public static Optional<HostPort> parse(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon < 0 || colon == t.length() - 1) {
      return Optional.empty();
    }
    // ":9001" listens on every interface, as the edge's addresses do.
    String host = colon == 0 ? "0.0.0.0" : t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(t.substring(colon + 1));
      return port < 0 || port > 65535 || host.isEmpty()
          ? Optional.empty()
          : Optional.of(new HostPort(host, port));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** An unresolved-free socket address for binding. */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
