package dev.streamedge.packager.hls;

/**
 * Segment durations are kept in microseconds and written as exact decimals, never through a double, so
 * the same duration is always the same text.
 */
public final class Durations {
  private Durations() {}

  /** {@code 4000000} → {@code 4.000000}. */
  public static String decimal(long micros) {
    if (micros < 0) {
      throw new IllegalArgumentException("negative duration");
    }
    long frac = micros % 1_000_000;
    String f = Long.toString(frac);
    return (micros / 1_000_000) + "." + "000000".substring(f.length()) + f;
  }

  /**
   * The EXT-X-TARGETDURATION for segments whose longest is {@code maxMicros}: RFC 8216 section 4.3.3.1
   * requires every EXTINF, rounded to the nearest integer, to be at most the target duration.
   */
  public static int targetDuration(long maxMicros) {
    return (int) Math.max(1, (maxMicros + 500_000) / 1_000_000);
  }
}
