package dev.streamedge.perf.store;

import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.SegmentStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU time per warm 1 MiB object read, with and without CRC32C verification, alternating between
 * two stores in one process. Thread CPU time, unlike throughput, is barely disturbed by other
 * processes on a shared machine, which is why the figures in docs/segment-store.md come from here
 * (the JMH {@link StoreReadBenchmark} measures the same path as throughput).
 *
 * <p>Run: {@code java -cp ... dev.streamedge.perf.store.ReadCpuCost [chunkSize]}.
 */
public final class ReadCpuCost {
  private static final Logger log = LoggerFactory.getLogger(ReadCpuCost.class);
  private static final int OBJECT = 1 << 20;

  private ReadCpuCost() {}

  public static void main(String[] args) throws Exception {
    int chunkSize = args.length > 0 ? Integer.parseInt(args[0]) : 256 * 1024;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Path> dirs = new ArrayList<>();
    SegmentStore[] stores = new SegmentStore[2];
    ByteBuffer piece = BenchStores.payload(64 * 1024);
    for (int i = 0; i < 2; i++) {
      Path dir = Files.createTempDirectory("store-read-cpu");
      dirs.add(dir);
      stores[i] = BenchStores.open("rocks", dir.resolve("db"), 4L << 30, chunkSize, i == 0);
      for (int k = 0; k < 256; k++) {
        BenchStores.write(stores[i], "v/" + k, OBJECT, piece);
      }
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(chunkSize + 4);
    StringBuilder report = new StringBuilder();
    double[][] perMiB = new double[2][7];
    for (int round = 0; round < 8; round++) {
      for (int i = 0; i < 2; i++) {
        int n = round == 0 ? 5_000 : 20_000;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int k = 0; k < n; k++) {
          try (ObjectReader r = stores[i].lookup("v/" + (k & 63)).orElseThrow()) {
            long at = 0;
            for (int got; (got = r.read(at, buf.clear())) >= 0; ) {
              at += got;
            }
          }
        }
        if (round > 0) {
          perMiB[i][round - 1] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n;
        }
      }
    }
    for (int i = 0; i < 2; i++) {
      double[] v = perMiB[i].clone();
      java.util.Arrays.sort(v);
      double median = v[v.length / 2];
      report.append(
          String.format(
              Locale.ROOT,
              "chunk %d KiB, verify=%s: median %.0f us CPU per 1 MiB object = %.1f GB/s per core%n",
              chunkSize / 1024, i == 0, median, OBJECT / (median / 1e6) / 1e9));
    }
    for (SegmentStore s : stores) {
      s.close();
    }
    dirs.forEach(BenchStores::deleteTree);
    log.info("read CPU cost\n{}", report);
  }
}
