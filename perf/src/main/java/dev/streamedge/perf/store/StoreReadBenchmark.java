package dev.streamedge.perf.store;

import dev.streamedge.store.ObjectReader;
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
 * Reading a cached 1 MiB object in chunks into a reused direct buffer, one thread, warm: lookup,
 * read every chunk (CRC32C-verified or not), close. 64 objects are read round-robin out of 256
 * written, so they come from flushed SST files through the block cache, not the memtable.
 * Throughput in objects/s; times 1 MiB gives bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class StoreReadBenchmark {
  static final int OBJECT = 1 << 20;
  static final int WRITTEN = 256;
  static final int READ = 64;

  @Param({"rocks", "memory"})
  String store;

  @Param({"262144", "1048576"})
  int chunkSize;

  @Param({"true", "false"})
  boolean verify;

  private SegmentStore s;
  private Path dir;
  private ByteBuffer buf;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("store-read-bench");
    s = BenchStores.open(store, dir.resolve("db"), 4L << 30, chunkSize, verify);
    ByteBuffer piece = BenchStores.payload(64 * 1024);
    int written = store.equals("rocks") ? WRITTEN : READ;
    for (int i = 0; i < written; i++) {
      BenchStores.write(s, "v/" + i, OBJECT, piece);
    }
    buf = ByteBuffer.allocateDirect(chunkSize + 4);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    s.close();
    BenchStores.deleteTree(dir);
  }

  @Benchmark
  public long readOneMiBObject() {
    String key = "v/" + (next++ & (READ - 1));
    long at = 0;
    try (ObjectReader r = s.lookup(key).orElseThrow()) {
      while (true) {
        buf.clear();
        int n = r.read(at, buf);
        if (n < 0) {
          break;
        }
        at += n;
      }
    }
    return at;
  }
}
