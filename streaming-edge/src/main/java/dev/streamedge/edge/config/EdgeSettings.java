package dev.streamedge.edge.config;

import dev.streamedge.edge.accesslog.AccessLogSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * This node's settings ({@code edge:}).
 *
 * @param name shown in {@code X-Cache}, {@code Via} and logs
 * @param listen the viewer HTTP listener
 * @param adminListen the admin API (health, invalidations, metrics); null disables it
 * @param cache the local cache store
 * @param limits protections against slow or oversized requests
 * @param ioThreads event-loop threads; 0 means two per core
 * @param blockingThreads threads for store and file work that must not run on an event loop
 * @param clientIpHeader a header set by a trusted proxy in front of the edge whose last address is
 *     the viewer's (e.g. X-Forwarded-For); null to use the socket's peer address
 * @param keyReloadInterval how often key group PEM files are checked for changes
 * @param targetedCacheControlField an RFC 9213 targeted field for this CDN that takes precedence
 *     over CDN-Cache-Control and Cache-Control; null for none
 * @param listenTls the viewer HTTPS listener (HTTP/1.1 and HTTP/2 by ALPN); null for none
 * @param tls certificates for {@code listenTls}; null when there is no TLS listener
 * @param accessLog the access log; null for none
 */
public record EdgeSettings(
    String name,
    InetSocketAddress listen,
    InetSocketAddress adminListen,
    CacheSettings cache,
    ViewerLimits limits,
    int ioThreads,
    int blockingThreads,
    String clientIpHeader,
    Duration keyReloadInterval,
    String targetedCacheControlField,
    InetSocketAddress listenTls,
    TlsSettings tls,
    AccessLogSettings accessLog) {
  public EdgeSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(limits, "limits");
  }

  /** Local cache store ({@code edge.cache}). */
  /**
   * The cache ({@code edge.cache}).
   *
   * @param dir the store's directory
   * @param maxSize the store's byte budget
   * @param memoryMaxSize the memory tier's budget ({@code memory.maxSize}); -1 means a quarter of
   *     the JVM's direct memory, at most 1 GiB; 0 disables the tier
   * @param memoryMaxObjectSize the largest object the memory tier keeps ({@code
   *     memory.maxObjectSize})
   */
  public record CacheSettings(java.nio.file.Path dir, long maxSize, long memoryMaxSize, long memoryMaxObjectSize) {
    /** The default tier size and object limit. */
    public CacheSettings(java.nio.file.Path dir, long maxSize) {
      this(dir, maxSize, -1, 8L << 20);
    }

    /** The memory tier's budget in bytes, {@code -1} (auto) resolved against {@code maxDirectMemory}. */
    public long memoryBytes(long maxDirectMemory) {
      if (memoryMaxSize >= 0) {
        return memoryMaxSize;
      }
      return Math.max(0, Math.min(1L << 30, maxDirectMemory / 4));
    }
  }

  /**
   * Viewer-side protections ({@code edge.limits}).
   *
   * @param maxRequestLine longest request line accepted; longer answers 414
   * @param maxHeaderSize largest header block accepted; larger answers 431
   * @param requestHeaderTimeout time a started request head may take to arrive; then 408
   * @param idleTimeout a keep-alive connection with nothing in flight is closed after this
   * @param sendTimeout a viewer (connection or HTTP/2 stream) that takes none of the response for
   *     this long is closed
   */
  public record ViewerLimits(int maxRequestLine, int maxHeaderSize, Duration requestHeaderTimeout,
      Duration idleTimeout, Duration sendTimeout) {}
}
