package dev.streamedge.perf.packager;

import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.demo.DemoMedia;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.media.MediaScan;
import dev.streamedge.packager.media.MediaScanner;
import dev.streamedge.packager.media.RemuxWindow;
import dev.streamedge.packager.media.SegmentRemuxer;
import dev.streamedge.packager.vod.SegmentIndex;
import dev.streamedge.packager.vod.SegmentIndexer;
import dev.streamedge.packager.vod.VodCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to package one 4 s VOD segment on request, warm, one thread: the demo asset (960x540, 25 fps,
 * 2 Mbit/s H.264 + AAC, a keyframe every 4 s) remuxed without re-encoding into MPEG-TS or a CMAF
 * fragment. {@code remux} is the FFmpeg work alone; {@code request} is what a {@code GET
 * /vod/sample/source/3.ts} costs the packager before the first byte is written: stat, index lookup,
 * remux, SHA-256 ETag. Goal: under 20 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SegmentPackagingBenchmark {
  @Param({"ts", "fmp4"})
  String container;

  private Path dir;
  private Path asset;
  private RemuxWindow window;
  private VodCatalog catalog;
  private String segmentPath;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("packaging-bench");
    Path media = Files.createDirectories(dir.resolve("media"));
    asset = media.resolve("sample.mp4");
    DemoMedia.ensureAsset(asset, DemoMedia.SAMPLE);
    MediaScan scan = MediaScanner.scan(asset);
    SegmentIndex index = SegmentIndexer.index(scan, Duration.ofSeconds(4), Optional.empty());
    window = index.segments().get(3).window();
    Container c = Container.parse(container);
    catalog = new VodCatalog(media, dir.resolve("work"), Duration.ofSeconds(4), List.of(), name -> c, null);
    segmentPath = "sample/source/3." + c.extension();
    if (!(catalog.lookup(segmentPath) instanceof Lookup.Found)) {
      throw new IllegalStateException("segment not found: " + segmentPath);
    }
  }

  @Benchmark
  public byte[] remux() {
    return container.equals("ts")
        ? SegmentRemuxer.transportStream(asset, window)
        : SegmentRemuxer.fragment(asset, window, 3);
  }

  @Benchmark
  public Lookup request() {
    return catalog.lookup(segmentPath);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    catalog.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
