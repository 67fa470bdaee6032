package dev.streamedge.perf.bench.origin;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The simulated live stream's timeline: segment {@code n} covers {@code [epoch + n·d, epoch +
 * (n+1)·d)} and exists once that interval has ended; the playlist lists the last {@code window}
 * complete segments (RFC 8216 §6.2.2 sliding window). Pure: the time is passed in.
 *
 * @param epoch when segment 0 starts
 * @param segmentDuration every segment's duration (the target duration)
 * @param window segments listed in the playlist
 */
public record LiveTimeline(Instant epoch, Duration segmentDuration, int window) {
  public LiveTimeline {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(segmentDuration, "segmentDuration");
    if (segmentDuration.isNegative() || segmentDuration.isZero()) {
      throw new IllegalArgumentException("segmentDuration must be positive");
    }
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
  }

  /** The newest complete segment at {@code now}, or -1 when none is complete yet. */
  public long lastComplete(Instant now) {
    long elapsed = Duration.between(epoch, now).toNanos();
    if (elapsed < 0) {
      return -1;
    }
    return elapsed / segmentDuration.toNanos() - 1;
  }

  /** Whether segment {@code n} exists (is complete) at {@code now}. */
  public boolean exists(long n, Instant now) {
    return n >= 0 && n <= lastComplete(now);
  }

  /** The media playlist at {@code now}, with segment URIs {@code seg-<n>.ts} relative to it. */
  public String playlist(Instant now) {
    long last = lastComplete(now);
    long first = Math.max(0, last - window + 1);
    long target = (segmentDuration.toMillis() + 999) / 1000;
    StringBuilder sb = new StringBuilder(64 + window * 32);
    sb.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:").append(target)
        .append("\n#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
    String extinf = String.format(Locale.ROOT, "#EXTINF:%.3f,%n", segmentDuration.toMillis() / 1000.0);
    for (long n = first; n <= last; n++) {
      sb.append(extinf).append(segmentName(n)).append('\n');
    }
    return sb.toString();
  }

  /** The URI of segment {@code n}, relative to the playlist. */
  public static String segmentName(long n) {
    return "seg-" + n + ".ts";
  }

  /** The segment number of a {@code seg-<n>.ts} name, or -1 if {@code name} is not one. */
  public static long segmentNumber(String name) {
    if (!name.startsWith("seg-") || !name.endsWith(".ts") || name.length() <= 7) {
      return -1;
    }
    String digits = name.substring(4, name.length() - 3);
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return -1;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
