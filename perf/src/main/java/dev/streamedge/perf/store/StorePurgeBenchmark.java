package dev.streamedge.perf.store;

import dev.streamedge.store.SegmentStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A prefix purge of 100,000 stored objects (plus 1,000 kept under another prefix): one range
 * delete per column family plus the in-memory index. Single shot per fresh population.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class StorePurgeBenchmark {
  static final int PURGED = 100_000;

  private SegmentStore s;
  private Path dir;
  private ByteBuffer piece;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("store-purge-bench");
    s = BenchStores.open("rocks", dir.resolve("db"), 8L << 30, 256 * 1024, true);
    piece = BenchStores.payload(1024);
    for (int i = 0; i < 1000; i++) {
      BenchStores.write(s, "keep/" + i, 1024, piece);
    }
  }

  @Setup(Level.Invocation)
  public void populate() {
    for (int i = 0; i < PURGED; i++) {
      BenchStores.write(s, "live/channel-7/seg-" + i + ".ts", 1024, piece);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    s.close();
    BenchStores.deleteTree(dir);
  }

  @Benchmark
  public long purgePrefixOf100k() {
    long n = s.purgePrefix("live/channel-7/");
    if (n != PURGED) {
      throw new IllegalStateException("purged " + n);
    }
    return n;
  }
}
