package dev.streamedge.packager.hls;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A media playlist (RFC 8216 section 4.3.3).
 *
 * @param mediaSequence number of the first segment listed ({@code #EXT-X-MEDIA-SEQUENCE})
 * @param vod true for {@code #EXT-X-PLAYLIST-TYPE:VOD} with {@code #EXT-X-ENDLIST}; false for a live window
 * @param mapUri the fMP4 initialization segment ({@code #EXT-X-MAP}), empty for MPEG-TS
 * @param segments the listed segments in order
 * @param targetDuration {@code #EXT-X-TARGETDURATION}, at least every EXTINF rounded
 */
public record MediaPlaylist(long mediaSequence, boolean vod, Optional<String> mapUri, List<MediaSegment> segments,
    int targetDuration) {
  public MediaPlaylist {
    Objects.requireNonNull(mapUri, "mapUri");
    segments = List.copyOf(segments);
    for (MediaSegment s : segments) {
      if (Durations.targetDuration(s.durationMicros()) > targetDuration) {
        throw new IllegalArgumentException(
            "EXTINF " + Durations.decimal(s.durationMicros()) + " exceeds the target duration " + targetDuration);
      }
    }
  }

  /** A playlist whose target duration is derived from its longest segment. */
  public static MediaPlaylist of(long mediaSequence, boolean vod, Optional<String> mapUri, List<MediaSegment> segments) {
    long max = 0;
    for (MediaSegment s : segments) {
      max = Math.max(max, s.durationMicros());
    }
    return new MediaPlaylist(mediaSequence, vod, mapUri, segments, Durations.targetDuration(max));
  }
}
