package dev.streamedge.packager.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.hls.MediaPlaylist;
import dev.streamedge.packager.hls.PlaylistWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LivePlaylistTest {
  static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  static final LiveTimeline TL = LiveTimeline.of(EPOCH, Duration.ofSeconds(4), 25);

  @ParameterizedTest
  @CsvSource({
      "2025-01-01T00:00:00Z, 0", "2025-01-01T00:00:03.999Z, 0", "2025-01-01T00:00:04Z, 1",
      "2024-12-31T23:59:59Z, -1", "2025-01-02T00:00:00Z, 21600"})
  void segmentNumbersFollowTheEpoch(String at, long n) {
    assertThat(TL.segmentAt(Instant.parse(at))).isEqualTo(n);
    assertThat(TL.start(n)).isBeforeOrEqualTo(Instant.parse(at));
    assertThat(TL.end(n)).isAfter(Instant.parse(at));
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,188", "2,375", "3,563", "8,1500"})
  void audioPacketsTileTheTimeline(long n, long firstPacket) {
    // 4 s = 192000 samples = 187.5 packets: boundaries alternate between rounding up and exact.
    assertThat(TL.firstAudioPacket(n)).isEqualTo(firstPacket);
  }

  @Test
  void framesAndTimes() {
    assertThat(TL.framesPerSegment()).isEqualTo(100);
    assertThat(TL.firstFrame(3)).isEqualTo(300);
    assertThat(TL.frameTime(25)).isEqualTo(EPOCH.plusSeconds(1));
    assertThat(LiveTimeline.of(EPOCH, Duration.ofSeconds(4), 30).frameTime(1)).isEqualTo(EPOCH.plusNanos(33_333_333));
  }

  @Test
  void windowIsAPureFunctionOfTheClock() {
    Instant now = EPOCH.plusSeconds(4 * 100 + 1);
    MediaPlaylist p = LivePlaylist.build(TL, now, Duration.ZERO, 3, n -> true, "ts", Optional.empty()).orElseThrow();
    assertThat(PlaylistWriter.write(p)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:97
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:06:28.000Z
        #EXTINF:4.000000,
        97.ts
        #EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:06:32.000Z
        #EXTINF:4.000000,
        98.ts
        #EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:06:36.000Z
        #EXTINF:4.000000,
        99.ts
        """);
  }

  @ParameterizedTest(name = "available from {0}, newest {1} -> sequence {2}, {3} segments")
  @CsvSource({
      // all available: full window ending at the published segment 99
      "0, 99, 94, 6",
      // late joiner has 97..99: shorter run, same numbers
      "97, 99, 97, 3",
      // the newest is still being written: end at 98
      "0, 98, 93, 6",
      // nothing yet
      "100, 99, -1, 0",
  })
  void lateJoinerListsASubsetWithTheSameNumbers(long from, long newest, long sequence, int count) {
    Instant now = EPOCH.plusSeconds(4 * 100 + 1);
    Optional<MediaPlaylist> p = LivePlaylist.build(TL, now, Duration.ZERO, 6, n -> n >= from && n <= newest, "ts",
        Optional.empty());
    if (count == 0) {
      assertThat(p).isEmpty();
      return;
    }
    assertThat(p.orElseThrow().mediaSequence()).isEqualTo(sequence);
    assertThat(p.orElseThrow().segments()).hasSize(count);
  }

  @Test
  void publishDelayHoldsTheNewestBack() {
    Instant now = EPOCH.plusSeconds(4 * 100).plusMillis(500);
    assertThat(LivePlaylist.build(TL, now, Duration.ofSeconds(1), 3, n -> true, "ts", Optional.empty())
        .orElseThrow().mediaSequence()).isEqualTo(96);
    assertThat(LivePlaylist.build(TL, now, Duration.ZERO, 3, n -> true, "ts", Optional.empty())
        .orElseThrow().mediaSequence()).isEqualTo(97);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "synthetic:size=640x360:rate=25 | 0 | Synthetic[width=640, height=360, fps=25]",
      "synthetic: | 0 | Synthetic[width=640, height=360, fps=25]",
      "synthetic:rate=30 | 0 | Synthetic[width=640, height=360, fps=30]",
      "synthetic:size=320x180 | 10 | Synthetic[width=320, height=180, fps=10]",
      "lavfi:testsrc2=size=1280x720:rate=30 | 0 | Ffmpeg[url=testsrc2=size=1280x720:rate=30, format=lavfi, loop=false, fpsHint=30]",
      "loop:media/sample.mp4 | 0 | Ffmpeg[url=media/sample.mp4, format=null, loop=true, fpsHint=0]",
      "udp://239.0.0.1:1234 | 25 | Ffmpeg[url=udp://239.0.0.1:1234, format=null, loop=false, fpsHint=25]",
  })
  void sources(String source, int rate, String parsed) {
    assertThat(SourceSpec.parse(source, rate).toString()).isEqualTo(parsed);
  }
}
