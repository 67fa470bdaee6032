package dev.streamedge.packager.vod;

import java.util.List;

/**
 * The segments of one rendition file, in order, plus the cut times (µs from the first frame) that the
 * lower renditions must reproduce so that every rendition switches at the same instants.
 */
public record SegmentIndex(List<SegmentEntry> segments) {
  public SegmentIndex {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("an index has at least one segment");
    }
  }

  /** Presentation start of each segment, microseconds from the first (for aligning other renditions). */
  public long[] cutMicros() {
    long[] out = new long[segments.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = segments.get(i).startMicros();
    }
    return out;
  }

  public long totalMicros() {
    SegmentEntry last = segments.get(segments.size() - 1);
    return last.startMicros() + last.durationMicros();
  }

  /** Peak segment bit rate (BANDWIDTH, RFC 8216 section 4.3.4.2), plus a little for container overhead. */
  public long peakBitsPerSecond() {
    long max = 0;
    for (SegmentEntry s : segments) {
      // The last segment may be a fraction of a second, which inflates its rate; the RFC allows
      // ignoring it only loosely, so we count it unless it is much shorter than the others.
      if (segments.size() > 1 && s == segments.get(segments.size() - 1) && s.durationMicros() < 1_000_000) {
        continue;
      }
      max = Math.max(max, s.bitsPerSecond());
    }
    return withOverhead(max);
  }

  /** Average bit rate over the whole rendition (AVERAGE-BANDWIDTH). */
  public long averageBitsPerSecond() {
    long bytes = 0;
    for (SegmentEntry s : segments) {
      bytes += s.bytes();
    }
    return withOverhead(totalMicros() == 0 ? 0 : bytes * 8L * 1_000_000L / totalMicros());
  }

  /** MPEG-TS packetisation costs about 5-10 %; fMP4 less. Round up to be safe and stable. */
  private static long withOverhead(long bps) {
    return Math.max(1, bps + bps / 10);
  }
}
