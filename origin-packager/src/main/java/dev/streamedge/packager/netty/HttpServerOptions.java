package dev.streamedge.packager.netty;

import dev.streamedge.packager.config.HostPort;
import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings.
 *
 * @param listen address to bind (port 0: ephemeral)
 * @param ioThreads event loop threads
 * @param idleTimeout a connection with no read or write for this long is closed
 * @param zeroCopy send file bodies with sendfile ({@code DefaultFileRegion}); false pulls 64 KiB chunks
 * @param serverName value of the {@code Server} header
 * @param shutdownGrace how long close waits for responses in flight
 */
public record HttpServerOptions(
    HostPort listen, int ioThreads, Duration idleTimeout, boolean zeroCopy, String serverName, Duration shutdownGrace) {
  public HttpServerOptions {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
  }
}
