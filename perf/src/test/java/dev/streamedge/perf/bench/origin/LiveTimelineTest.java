package dev.streamedge.perf.bench.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveTimelineTest {
  private static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");
  private static final LiveTimeline TIMELINE = new LiveTimeline(EPOCH, Duration.ofSeconds(2), 3);

  /** Milliseconds after the epoch → newest complete segment. */
  @ParameterizedTest
  @CsvSource({"-1, -1", "0, -1", "1999, -1", "2000, 0", "3999, 0", "4000, 1", "20001, 9"})
  void lastComplete(long millis, long expected) {
    assertThat(TIMELINE.lastComplete(EPOCH.plusMillis(millis))).isEqualTo(expected);
  }

  @Test
  void playlistSlidesOverTheLastWindowSegments() {
    String p = TIMELINE.playlist(EPOCH.plusSeconds(10)); // segments 0..4 complete
    assertThat(p).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:2\n");
    assertThat(p.lines().filter(l -> !l.startsWith("#"))).containsExactly("seg-2.ts", "seg-3.ts", "seg-4.ts");
    assertThat(p).contains("#EXTINF:2.000,");
  }

  @Test
  void beforeTheFirstSegmentThePlaylistIsEmpty() {
    assertThat(TIMELINE.playlist(EPOCH).lines().filter(l -> !l.startsWith("#"))).isEmpty();
  }

  @Test
  void segmentsExistOnceComplete() {
    Instant now = EPOCH.plusMillis(4500);
    assertThat(TIMELINE.exists(1, now)).isTrue();
    assertThat(TIMELINE.exists(2, now)).isFalse();
    assertThat(TIMELINE.exists(-1, now)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"seg-0.ts, 0", "seg-42.ts, 42", "seg-.ts, -1", "seg-4x.ts, -1", "index.m3u8, -1", "seg-1.mp4, -1",
      "seg-99999999999999999999.ts, -1"})
  void segmentNumbers(String name, long expected) {
    assertThat(LiveTimeline.segmentNumber(name)).isEqualTo(expected);
    if (expected >= 0) {
      assertThat(LiveTimeline.segmentName(expected)).isEqualTo(name);
    }
  }
}
