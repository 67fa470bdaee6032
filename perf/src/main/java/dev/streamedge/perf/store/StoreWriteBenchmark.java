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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained writes of 1 MiB objects with the WAL on (no fsync), appended in 64 KiB pieces as they
 * would arrive from an origin, one thread. The budget (2 GiB) is exceeded during the run, so
 * eviction and RocksDB compaction are part of the cost. Throughput in objects/s; times 1 MiB gives
 * bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class StoreWriteBenchmark {
  static final int OBJECT = 1 << 20;

  @Param({"262144", "1048576"})
  int chunkSize;

  private SegmentStore s;
  private Path dir;
  private ByteBuffer piece;
  private long next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("store-write-bench");
    s = BenchStores.open("rocks", dir.resolve("db"), 2L << 30, chunkSize, true);
    piece = BenchStores.payload(64 * 1024);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    s.close();
    BenchStores.deleteTree(dir);
  }

  @Benchmark
  public void writeOneMiBObject() {
    BenchStores.write(s, "w/" + next++, OBJECT, piece);
  }
}
