package dev.streamedge.perf.store;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of one chunk's CRC32C (java.util.zip.CRC32C, intrinsified) on a direct buffer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ChecksumBenchmark {
  @Param({"262144", "1048576"})
  int chunkSize;

  private ByteBuffer chunk;

  @Setup
  public void setUp() {
    chunk = BenchStores.payload(chunkSize);
  }

  @Benchmark
  public long crc32cOfOneChunk() {
    CRC32C crc = new CRC32C();
    crc.update(chunk.duplicate());
    return crc.getValue();
  }
}
