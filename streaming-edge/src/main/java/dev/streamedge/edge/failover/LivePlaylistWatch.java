package dev.streamedge.edge.failover;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notices a live packager that is stuck: it still answers 200, but its media playlist's
 * {@code #EXT-X-MEDIA-SEQUENCE} has not advanced for more than three target durations (RFC 8216
 * §6.2.2 expects a server to add a segment at least every target duration). Such a response is a
 * failure of that member, so the edge fails over to one that is still in step.
 *
 * <p>Remembers the last sequence and when it last advanced per (origin, playlist path); bounded.
 * Thread-safe; times are nanoseconds passed in.
 */
public final class LivePlaylistWatch {
  private static final int MAX_ENTRIES = 10_000;

  private record Seen(long sequence, long advancedAtNanos) {}

  private final Map<String, Seen> seen = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /**
   * Records a playlist from {@code origin} and says whether that origin is stuck on it.
   *
   * @return true when the playlist is live and its media sequence has not advanced for more than
   *     three target durations
   */
  public synchronized boolean stuck(String origin, String path, HlsPlaylistFacts facts, long nowNanos) {
    if (facts.endList() || facts.mediaSequence() < 0 || facts.targetDurationSeconds() <= 0) {
      return false;
    }
    String key = origin + " " + path;
    Seen last = seen.get(key);
    if (last == null || facts.mediaSequence() > last.sequence) {
      seen.put(key, new Seen(facts.mediaSequence(), nowNanos));
      return false;
    }
    long limit = 3L * facts.targetDurationSeconds() * 1_000_000_000L;
    return nowNanos - last.advancedAtNanos > limit;
  }
}
