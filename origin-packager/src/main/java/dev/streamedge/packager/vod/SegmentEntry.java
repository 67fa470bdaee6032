package dev.streamedge.packager.vod;

import dev.streamedge.packager.media.RemuxWindow;

/**
 * One VOD segment of a rendition: its packet window in the file's time bases, its exact duration and
 * size.
 *
 * @param number segment number (0-based; also its media sequence number)
 * @param videoStartPts presentation time of the cut keyframe, video time base
 * @param videoStartDts decode time of the cut keyframe
 * @param videoEndDts decode time of the next cut keyframe (exclusive), Long.MAX_VALUE for the last
 * @param audioStartPts first audio presentation time included, audio time base
 * @param audioEndPts audio end (exclusive), Long.MAX_VALUE for the last
 * @param startMicros presentation start relative to the first segment, microseconds
 * @param durationMicros EXTINF duration, microseconds
 * @param bytes payload bytes (video + audio packets) in the segment
 */
public record SegmentEntry(int number, long videoStartPts, long videoStartDts, long videoEndDts, long audioStartPts,
    long audioEndPts, long startMicros, long durationMicros, long bytes) {

  public RemuxWindow window() {
    return new RemuxWindow(videoStartPts, videoStartDts, videoEndDts, audioStartPts, audioEndPts);
  }

  /** Bit rate of this segment's payload, bits per second. */
  public long bitsPerSecond() {
    return durationMicros == 0 ? 0 : bytes * 8L * 1_000_000L / durationMicros;
  }
}
