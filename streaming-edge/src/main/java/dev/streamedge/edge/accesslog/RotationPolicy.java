package dev.streamedge.edge.accesslog;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * When the live log file is rotated and what the rotated file is called. Pure: sizes and times
 * are passed in.
 *
 * <p>Time rotation happens at multiples of the interval since the epoch (UTC), so {@code 1h}
 * rotates at the top of every hour whenever the edge started, and files from several edges cover
 * the same periods. A rotated file is named after the moment it was opened: {@code access.log} →
 * {@code access.log.2019-12-04-21-00-00} (CloudFront's {@code YYYY-MM-DD-HH} naming, to the
 * second), with {@code .1}, {@code .2}… appended if that name is taken.
 *
 * @param maxBytes rotate before a line would take the file past this size; 0 = never
 * @param intervalMillis rotate at each multiple of this; 0 = never
 */
record RotationPolicy(long maxBytes, long intervalMillis) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

  /** The first time-rotation boundary after {@code nowMillis}; Long.MAX_VALUE when never. */
  long nextBoundary(long nowMillis) {
    if (intervalMillis <= 0) {
      return Long.MAX_VALUE;
    }
    return (Math.floorDiv(nowMillis, intervalMillis) + 1) * intervalMillis;
  }

  /** True when a line of {@code lineBytes} should go to a new file rather than this one. */
  boolean sizeDue(long fileBytes, long lineBytes) {
    return maxBytes > 0 && fileBytes + lineBytes > maxBytes;
  }

  /** The name a file opened at {@code openedMillis} gets when rotated ({@code attempt} > 0: {@code .n}). */
  static Path rotatedName(Path live, long openedMillis, int attempt) {
    String name = live.getFileName() + "." + STAMP.format(Instant.ofEpochMilli(openedMillis))
        + (attempt > 0 ? "." + attempt : "");
    return live.resolveSibling(name);
  }
}
