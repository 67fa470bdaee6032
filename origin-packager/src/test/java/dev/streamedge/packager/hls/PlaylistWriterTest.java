package dev.streamedge.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaylistWriterTest {
  @ParameterizedTest
  @CsvSource({"4000000,4.000000", "40000,0.040000", "3999999,3.999999", "12345678,12.345678", "0,0.000000"})
  void decimals(long micros, String text) {
    assertThat(Durations.decimal(micros)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"4000000,4", "4499999,4", "4500000,5", "5040000,5", "100000,1", "10000000,10"})
  void targetDurationRoundsToNearest(long micros, int target) {
    assertThat(Durations.targetDuration(micros)).isEqualTo(target);
  }

  @Test
  void master() {
    String text = PlaylistWriter.write(new MasterPlaylist(List.of(
        new Variant("source/index.m3u8", 2_500_000, 2_000_000, 1280, 720, 25_000, "avc1.42c01f,mp4a.40.2"),
        new Variant("360p/index.m3u8", 900_000, 0, 640, 360, 29_970, "avc1.42c01e,mp4a.40.2"))));
    assertThat(text).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=25.000,CODECS="avc1.42c01f,mp4a.40.2"
        source/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.42c01e,mp4a.40.2"
        360p/index.m3u8
        """);
  }

  @Test
  void vodMediaPlaylist() {
    MediaPlaylist p = MediaPlaylist.of(0, true, Optional.empty(),
        List.of(new MediaSegment(4_000_000, "0.ts"), new MediaSegment(4_080_000, "1.ts"), new MediaSegment(1_920_000, "2.ts")));
    assertThat(PlaylistWriter.write(p)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXTINF:4.000000,
        0.ts
        #EXTINF:4.080000,
        1.ts
        #EXTINF:1.920000,
        2.ts
        #EXT-X-ENDLIST
        """);
  }

  @Test
  void liveFmp4Window() {
    Instant t = Instant.parse("2025-06-01T12:00:00Z");
    MediaPlaylist p = MediaPlaylist.of(100, false, Optional.of("init.mp4"), List.of(
        new MediaSegment(4_000_000, "100.m4s", Optional.of(t)),
        new MediaSegment(4_000_000, "101.m4s", Optional.of(t.plusSeconds(4)))));
    assertThat(PlaylistWriter.write(p)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:6
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:100
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MAP:URI="init.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2025-06-01T12:00:00.000Z
        #EXTINF:4.000000,
        100.m4s
        #EXT-X-PROGRAM-DATE-TIME:2025-06-01T12:00:04.000Z
        #EXTINF:4.000000,
        101.m4s
        """);
  }

  @Test
  void refusesASegmentLongerThanTheTarget() {
    assertThatThrownBy(() -> new MediaPlaylist(0, true, Optional.empty(), List.of(new MediaSegment(4_600_000, "0.ts")), 4))
        .hasMessageContaining("exceeds the target duration");
  }
}
