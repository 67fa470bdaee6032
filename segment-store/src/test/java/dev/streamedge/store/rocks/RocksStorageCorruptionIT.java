package dev.streamedge.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.store.Bodies;
import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectUnavailableException;
import dev.streamedge.store.ObjectWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;

/**
 * Bytes flipped in an SST file on disk: caught by the engine's CRC32C when it verifies chunks (then
 * RocksDB does not check chunk blocks again), else by RocksDB's block checksum; either way the
 * object is dropped, never served.
 */
class RocksStorageCorruptionIT {
  private static final int CS = 4096;

  @TempDir Path tmp;

  @ParameterizedTest(name = "engine verifies chunks: {0}")
  @ValueSource(booleans = {true, false})
  void aDamagedSstBlockDropsTheObject(boolean engineVerifies) throws Exception {
    RocksStoreConfig cfg =
        RocksStoreConfig.of(tmp.resolve("db"), 64L << 20)
            .withChunkSize(CS)
            .withBlockCacheBytes(0)
            .withVerifyChecksums(engineVerifies);
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      put(s, "damaged", 1, 8 * CS);
      put(s, "intact", 2, 8 * CS);
    }
    try (RawRocks raw = new RawRocks(cfg.directory());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      raw.db.flush(flush, List.of(raw.meta, raw.chunks, raw.pending));
    }
    byte[] needle = new byte[64];
    Bodies.slice(1, 5L * CS + 1000, 64).get(needle);
    assertThat(flipInSst(cfg.directory(), needle)).as("found the chunk bytes in an SST").isTrue();

    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      try (ObjectReader r = s.lookup("damaged").orElseThrow()) {
        ByteBuffer buf = ByteBuffer.allocateDirect(CS + 4);
        assertThat(r.read(0, buf)).isEqualTo(CS);
        assertThatThrownBy(() -> r.read(5L * CS, buf.clear()))
            .isInstanceOfSatisfying(
                ObjectUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(ObjectUnavailableException.Reason.CORRUPT));
      }
      assertThat(s.lookup("damaged")).isEmpty();
      assertThat(s.stats().corruptions()).isEqualTo(1);
      try (ObjectReader r = s.lookup("intact").orElseThrow()) {
        ByteBuffer buf = ByteBuffer.allocateDirect(CS + 4);
        for (long at = 0; at < 8 * CS; at += CS) {
          buf.clear();
          assertThat(r.read(at, buf)).isEqualTo(CS);
          assertThat(Bodies.firstMismatch(2, at, buf.flip())).isEqualTo(-1);
        }
      }
    }
  }

  private static void put(RocksSegmentStore s, String key, long seed, int length) {
    try (ObjectWriter w = s.openWriter(key, ObjectMeta.of(200, List.of(), length))) {
      w.append(Bodies.slice(seed, 0, length));
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
    }
  }

  private static boolean flipInSst(Path dir, byte[] needle) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
        byte[] content = Files.readAllBytes(sst);
        int at = indexOf(content, needle);
        if (at >= 0) {
          content[at + 10] ^= 0x5a;
          Files.write(sst, content);
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
