package dev.streamedge.packager.vod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.media.AudioInfo;
import dev.streamedge.packager.media.MediaScan;
import dev.streamedge.packager.media.PacketTable;
import dev.streamedge.packager.media.Rational;
import dev.streamedge.packager.media.VideoInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentIndexerTest {
  /**
   * A 25 fps video (time base 1/12800, 512 ticks a frame) of {@code frames} frames with keyframes at the
   * listed frame numbers; AAC audio at 48 kHz (1024-sample packets) for the same length.
   */
  static MediaScan scan(int frames, int... keyFrames) {
    long[] pts = new long[frames];
    long[] dur = new long[frames];
    int[] size = new int[frames];
    boolean[] key = new boolean[frames];
    for (int i = 0; i < frames; i++) {
      pts[i] = i * 512L;
      dur[i] = 512;
      size[i] = 1000;
    }
    for (int k : keyFrames) {
      key[k] = true;
      size[k] = 10_000;
    }
    int audioPackets = (int) Math.ceil(frames / 25.0 * 48000 / 1024);
    long[] apts = new long[audioPackets];
    long[] adur = new long[audioPackets];
    int[] asize = new int[audioPackets];
    for (int i = 0; i < audioPackets; i++) {
      apts[i] = i * 1024L;
      adur[i] = 1024;
      asize[i] = 100;
    }
    return new MediaScan(new VideoInfo(640, 360, new Rational(1, 12800), 25, 1, "avc1.42c01e"),
        new PacketTable(pts, pts.clone(), dur, size, key),
        Optional.of(new AudioInfo(48000, 2, new Rational(1, 48000), "mp4a.40.2")),
        new PacketTable(apts, apts.clone(), adur, asize, new boolean[audioPackets]));
  }

  static String durations(SegmentIndex index) {
    return index.segments().stream().map(s -> Long.toString(s.durationMicros() / 1000)).collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0} frames, keys {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // regular 4 s GOPs: equal segments, the last one shorter
      "250 | 0 100 200 | 4000 4000 2000",
      // keyframe every 2 s: two GOPs per segment
      "250 | 0 50 100 150 200 | 4000 4000 2000",
      // keyframes late by 5 frames: cut at the first keyframe after each grid point, grid does not drift
      "250 | 0 105 205 | 4200 4000 1800",
      // irregular: a 6 s GOP makes one long segment; the grid resumes at 8 s, so 10 s is not a cut
      "300 | 0 150 200 250 | 6000 2000 4000",
      // a scene-change keyframe just before a boundary does not cut
      "200 | 0 95 100 | 4000 4000",
      // one GOP only
      "60 | 0 | 2400",
  })
  void cutsOnTheGrid(int frames, String keys, String expected) {
    int[] k = Arrays.stream(keys.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    SegmentIndex index = SegmentIndexer.index(scan(frames, k), Duration.ofSeconds(4), Optional.empty());
    assertThat(durations(index)).isEqualTo(expected);
    assertThat(index.totalMicros()).isEqualTo(frames * 40_000L);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "250 | 0 50 100 150 200 | 0 4000000 8000000 | 4000 4000 2000",
      "250 | 0 50 100 150 200 | 0 2000000 4000000 6000000 8000000 | 2000 2000 2000 2000 2000",
  })
  void cutsAtGivenTimes(int frames, String keys, String times, String expected) {
    int[] k = Arrays.stream(keys.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    long[] t = Arrays.stream(times.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    SegmentIndex index = SegmentIndexer.index(scan(frames, k), Duration.ofSeconds(4), Optional.of(t));
    assertThat(durations(index)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"250"})
  void audioWindowsAreContiguousAndCoverEverything(int frames) {
    SegmentIndex index = SegmentIndexer.index(scan(frames, 0, 100, 200), Duration.ofSeconds(4), Optional.empty());
    List<SegmentEntry> s = index.segments();
    assertThat(s.get(0).audioStartPts()).isZero();
    for (int i = 1; i < s.size(); i++) {
      assertThat(s.get(i).audioStartPts()).isEqualTo(s.get(i - 1).audioEndPts());
      assertThat(s.get(i).videoStartDts()).isEqualTo(s.get(i - 1).videoEndDts());
    }
    // 4 s at 48 kHz = 192000 exactly
    assertThat(s.get(1).audioStartPts()).isEqualTo(192_000);
    assertThat(s.get(s.size() - 1).audioEndPts()).isEqualTo(Long.MAX_VALUE);
    assertThat(index.peakBitsPerSecond()).isGreaterThan(index.averageBitsPerSecond() - 1);
  }
}
