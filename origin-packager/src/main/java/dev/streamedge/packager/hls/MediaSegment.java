package dev.streamedge.packager.hls;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One media segment line of a media playlist.
 *
 * @param durationMicros the EXTINF duration, microseconds
 * @param uri segment URI, relative to the playlist
 * @param programDateTime the wall-clock time of its first sample, when known (live)
 */
public record MediaSegment(long durationMicros, String uri, Optional<Instant> programDateTime) {
  public MediaSegment {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(programDateTime, "programDateTime");
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("segment duration must be positive");
    }
  }

  public MediaSegment(long durationMicros, String uri) {
    this(durationMicros, uri, Optional.empty());
  }
}
