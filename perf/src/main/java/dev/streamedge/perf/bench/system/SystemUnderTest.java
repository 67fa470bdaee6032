package dev.streamedge.perf.bench.system;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the CDN edges the benchmark compares, started as a child process in front of the same
 * origins, on its own loopback port (and a second one for HTTPS where it has TLS).
 */
public sealed interface SystemUnderTest extends AutoCloseable permits EdgeNode, NginxCache, VarnishCache {
  /** How the table names it: {@code edge}, {@code nginx}, {@code Varnish}. */
  String name();

  /** {@code http://127.0.0.1:port}. */
  URI baseUri();

  /**
   * {@code https://127.0.0.1:port}, where the system also serves HTTPS with HTTP/2 (the same cache
   * behind both listeners); empty for Varnish, which has no TLS.
   */
  default Optional<URI> httpsBaseUri() {
    return Optional.empty();
  }

  /** The PID of the process that serves (the JVM; nginx's master; varnishd's cache child). */
  long servingPid();

  /** Peak resident memory (VmHWM) of what serves, in bytes; -1 if unknown. */
  long peakRssBytes();

  /** What {@link #peakRssBytes()} covers, for the table's notes. */
  String rssScope();

  /** Whether the response's cache-status header says the response was a cache hit. */
  default boolean isHit(String xCache) {
    return xCache.toLowerCase(Locale.ROOT).contains("hit");
  }

  @Override
  void close();

  /**
   * Where a server runs and what it fronts.
   *
   * @param runDir a fresh directory for its configuration, cache and log
   * @param confDir {@code perf/conf}: the configuration templates
   * @param filesOrigin the file origin ({@code /files/})
   * @param benchOrigin the origin of {@code /slow/} and {@code /live/}
   */
  record Setup(Path runDir, Path confDir, URI filesOrigin, URI benchOrigin) {
    public Setup {
      Objects.requireNonNull(runDir, "runDir");
      Objects.requireNonNull(confDir, "confDir");
      Objects.requireNonNull(filesOrigin, "filesOrigin");
      Objects.requireNonNull(benchOrigin, "benchOrigin");
    }

    static String hostPort(URI uri) {
      return uri.getHost() + ":" + uri.getPort();
    }
  }
}
