package dev.streamedge.packager;

import java.net.InetSocketAddress;
import java.net.URI;

/** A started packager. {@link #close()} is graceful and idempotent. */
public interface RunningPackager extends AutoCloseable {
  /** The bound address (the real port when configured with port 0). */
  InetSocketAddress address();

  default int port() {
    return address().getPort();
  }

  /** {@code http://host:port} of this packager. */
  default URI baseUri() {
    InetSocketAddress a = address();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  /** Stops accepting, finishes responses in flight, stops live channels and transcodes. */
  @Override
  void close();
}
