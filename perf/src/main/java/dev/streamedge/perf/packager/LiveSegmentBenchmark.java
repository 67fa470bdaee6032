package dev.streamedge.perf.packager;

import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.live.LiveTimeline;
import dev.streamedge.packager.live.SyntheticSegment;
import dev.streamedge.packager.media.EncodeSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Making one 4 s segment of the synthetic live channel: drawing 100 test-card frames, encoding them
 * with libopenh264 (one thread) and the tone with AAC, muxing to MPEG-TS. The channel costs this much
 * CPU every 4 s per rendition, so {@code ms / 4000} is the share of one core it needs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 5)
public class LiveSegmentBenchmark {
  @Param({"640x360", "1280x720"})
  String size;

  private long n = 1_000_000;

  @Benchmark
  public byte[] synthetic4s() {
    String[] wh = size.split("x");
    int w = Integer.parseInt(wh[0]);
    int h = Integer.parseInt(wh[1]);
    LiveTimeline tl = LiveTimeline.of(PackagerConfig.DEFAULT_LIVE_EPOCH, Duration.ofSeconds(4), 25);
    long bitrate = w >= 1280 ? 3_000_000 : 1_200_000;
    return SyntheticSegment.encode(tl, new EncodeSpec(w, h, 25, bitrate, 96_000, 100), Container.TS, n++, "bench");
  }
}
