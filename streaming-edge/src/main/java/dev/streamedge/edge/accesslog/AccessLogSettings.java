package dev.streamedge.edge.accesslog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the access log is written ({@code edge.accessLog}). Validation messages name the config key,
 * so the config loader can pass them on as they are.
 *
 * @param path the live log file; null writes to standard output (config value {@code "-"}), which
 *     is never rotated
 * @param queueSize records that may wait for the writer thread; more are dropped and counted
 * @param rotateSize rotate before the file would grow past this many bytes; 0 = never by size
 * @param rotateInterval rotate at each multiple of this interval since the epoch (UTC), e.g. {@code
 *     1h} at the top of each hour; zero = never by time
 * @param logCookies whether {@code cs(Cookie)} is logged (signed cookies are credentials)
 * @param edgeLocation {@code x-edge-location}
 * @param closeTimeout how long closing may take to drain the queue before the rest is dropped
 */
public record AccessLogSettings(
    Path path,
    int queueSize,
    long rotateSize,
    Duration rotateInterval,
    boolean logCookies,
    String edgeLocation,
    Duration closeTimeout) {
  public static final int DEFAULT_QUEUE_SIZE = 65_536;
  public static final long DEFAULT_ROTATE_SIZE = 256L << 20;
  public static final Duration DEFAULT_ROTATE_INTERVAL = Duration.ofHours(1);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  public AccessLogSettings {
    Objects.requireNonNull(rotateInterval, "rotateInterval");
    Objects.requireNonNull(edgeLocation, "edgeLocation");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (queueSize < 1 || queueSize > (1 << 24)) {
      throw new IllegalArgumentException("edge.accessLog.queueSize must be between 1 and 16777216, got " + queueSize);
    }
    if (rotateSize < 0) {
      throw new IllegalArgumentException("edge.accessLog.rotateSize must not be negative");
    }
    if (rotateSize > 0 && rotateSize < 4096) {
      throw new IllegalArgumentException("edge.accessLog.rotateSize must be 0 (never) or at least 4KiB, got " + rotateSize);
    }
    if (rotateInterval.isNegative()) {
      throw new IllegalArgumentException("edge.accessLog.rotateInterval must not be negative");
    }
    if (!rotateInterval.isZero() && rotateInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("edge.accessLog.rotateInterval must be 0 (never) or at least 1s");
    }
    if (edgeLocation.isBlank()) {
      throw new IllegalArgumentException("edge.accessLog.edgeLocation must not be blank");
    }
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("edge.accessLog.closeTimeout must not be negative");
    }
  }

  /** The defaults: 64Ki queue, rotate at 256 MiB or every hour, no cookies, 5 s to drain on close. */
  public static AccessLogSettings defaults(Path path, String edgeLocation) {
    return new AccessLogSettings(path, DEFAULT_QUEUE_SIZE, DEFAULT_ROTATE_SIZE, DEFAULT_ROTATE_INTERVAL, false,
        edgeLocation, DEFAULT_CLOSE_TIMEOUT);
  }

  /** The config value of {@code edge.accessLog.path}: {@code "-"} means standard output (null). */
  public static Path pathOf(String configValue) {
    Objects.requireNonNull(configValue, "configValue");
    if (configValue.isBlank()) {
      throw new IllegalArgumentException("edge.accessLog.path must be a file path or \"-\" for standard output");
    }
    return configValue.equals("-") ? null : Path.of(configValue);
  }

  public boolean toStdout() {
    return path == null;
  }

  public AccessLogSettings withPath(Path p) {
    return new AccessLogSettings(p, queueSize, rotateSize, rotateInterval, logCookies, edgeLocation, closeTimeout);
  }

  public AccessLogSettings withQueueSize(int n) {
    return new AccessLogSettings(path, n, rotateSize, rotateInterval, logCookies, edgeLocation, closeTimeout);
  }

  public AccessLogSettings withRotation(long size, Duration interval) {
    return new AccessLogSettings(path, queueSize, size, interval, logCookies, edgeLocation, closeTimeout);
  }

  public AccessLogSettings withLogCookies(boolean on) {
    return new AccessLogSettings(path, queueSize, rotateSize, rotateInterval, on, edgeLocation, closeTimeout);
  }

  public AccessLogSettings withCloseTimeout(Duration d) {
    return new AccessLogSettings(path, queueSize, rotateSize, rotateInterval, logCookies, edgeLocation, d);
  }
}
