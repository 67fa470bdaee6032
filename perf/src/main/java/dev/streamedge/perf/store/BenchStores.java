package dev.streamedge.perf.store;

import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.StoredHeader;
import dev.streamedge.store.engine.EngineSettings;
import dev.streamedge.store.evict.EvictionPolicyKind;
import dev.streamedge.store.memory.MemorySegmentStore;
import dev.streamedge.store.rocks.RocksSegmentStore;
import dev.streamedge.store.rocks.RocksStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Stores and payloads for the benchmarks. */
final class BenchStores {
  private BenchStores() {}

  static SegmentStore open(String kind, Path dir, long budget, int chunkSize, boolean verify) {
    return switch (kind) {
      case "rocks" ->
          RocksSegmentStore.open(
              RocksStoreConfig.of(dir, budget)
                  .withChunkSize(chunkSize)
                  .withVerifyChecksums(verify));
      case "memory" ->
          new MemorySegmentStore(
              new EngineSettings(
                  budget, chunkSize, verify, EvictionPolicyKind.S3_FIFO, Clock.systemUTC()));
      default -> throw new IllegalArgumentException("store kind: " + kind);
    };
  }

  static ObjectMeta meta(long length) {
    return ObjectMeta.of(200, List.of(new StoredHeader("Content-Type", "video/mp2t")), length);
  }

  /** A direct buffer of pseudo-random (incompressible) bytes. */
  static ByteBuffer payload(int size) {
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    long x = 0x9E3779B97F4A7C15L;
    while (b.remaining() >= 8) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b.putLong(x);
    }
    return b.flip();
  }

  /** Writes one object of {@code length} bytes from {@code piece} (reused), in network-sized appends. */
  static void write(SegmentStore s, String key, long length, ByteBuffer piece) {
    try (ObjectWriter w = s.openWriter(key, meta(length))) {
      long at = 0;
      while (at < length) {
        ByteBuffer p = piece.duplicate();
        p.limit((int) Math.min(p.capacity(), length - at));
        at += p.remaining();
        w.append(p);
      }
      if (w.commit() != CommitResult.COMMITTED) {
        throw new IllegalStateException("not committed: " + key);
      }
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
