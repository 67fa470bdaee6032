package dev.streamedge.store.rocks;

import dev.streamedge.store.Bodies;
import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link RocksCrashIT}: fills objects flat out on several threads, reporting
 * each step on stdout, until it is killed. Keys repeat, so a kill also lands mid-replacement.
 */
public final class CrashingFiller {
  static final int CS = 4096;
  static final int KEYS = 7;

  private CrashingFiller() {}

  static long lengthOf(long seed) {
    return 2L * CS + (seed * 7919) % (12L * CS);
  }

  public static void main(String[] args) throws Exception {
    RocksSegmentStore store =
        RocksSegmentStore.open(
            RocksStoreConfig.of(Path.of(args[0]), 1L << 30)
                .withChunkSize(CS)
                .withBlockCacheBytes(8L << 20));
    PrintStream out = System.out;
    // Seeds are unique across runs on the same directory: each run starts at its own base.
    AtomicLong seeds = new AtomicLong(Long.parseLong(args[1]));
    for (int t = 0; t < 3; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  long seed = seeds.incrementAndGet();
                  long length = lengthOf(seed);
                  String key = "k/" + (seed % KEYS);
                  ObjectMeta meta =
                      new ObjectMeta(
                          200, List.of(), seed % 2 == 0 ? length : -1, null, -1, 1, 2, -1,
                          Map.of("seed", Long.toString(seed)));
                  ObjectWriter w = store.openWriter(key, meta);
                  synchronized (out) {
                    out.println("OPEN " + seed);
                  }
                  long at = 0;
                  while (at < length) {
                    int n = (int) Math.min(1000, length - at);
                    w.append(Bodies.slice(seed, at, n));
                    at += n;
                  }
                  CommitResult r = w.commit();
                  synchronized (out) {
                    out.println(r + " " + seed);
                  }
                }
              });
      thread.setDaemon(false);
      thread.start();
    }
    synchronized (out) {
      out.println("READY");
    }
  }
}
