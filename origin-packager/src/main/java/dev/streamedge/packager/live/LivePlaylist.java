package dev.streamedge.packager.live;

import dev.streamedge.packager.hls.MediaPlaylist;
import dev.streamedge.packager.hls.MediaSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The sliding-window live media playlist (RFC 8216 section 6.2.2) as a pure function of the clock:
 * the newest listed segment is the last one published at {@code now}, the window holds {@code window}
 * segments before it, every segment carries its PROGRAM-DATE-TIME from the timeline. Two packagers
 * with the same configuration and clock therefore write the same bytes.
 *
 * <p>A packager lists only segments it can serve: the newest available segment at or before the
 * published one, and the contiguous run of available segments before it (at most {@code window}). A
 * packager that joined late lists a shorter run until it has a full window (the segments it does list
 * are identical to its peer's); a synthetic channel can make any recent segment, so it lists the full
 * window at once.
 */
public final class LivePlaylist {
  private LivePlaylist() {}

  /** Empty when no segment is available yet. */
  public static Optional<MediaPlaylist> build(LiveTimeline timeline, Instant now, Duration publishDelay, int window,
      LongPredicate available, String extension, Optional<String> mapUri) {
    long published = timeline.lastPublished(now, publishDelay);
    long newest = published;
    while (newest > published - window && !available.test(newest)) {
      newest--;
    }
    if (newest <= published - window) {
      return Optional.empty();
    }
    long first = newest;
    while (first > newest - window + 1 && available.test(first - 1)) {
      first--;
    }
    List<MediaSegment> segments = new ArrayList<>();
    for (long n = first; n <= newest; n++) {
      segments.add(new MediaSegment(timeline.segmentMicros(), n + "." + extension, Optional.of(timeline.start(n))));
    }
    return Optional.of(MediaPlaylist.of(first, false, mapUri, segments));
  }
}
