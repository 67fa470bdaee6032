package dev.streamedge.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.store.Bodies;
import dev.streamedge.store.CommitResult;
import dev.streamedge.store.FileSpan;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectUnavailableException;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.StoredHeader;
import dev.streamedge.store.evict.EvictionPolicyKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Body files with real RocksDB and real files: which objects get one, that every way a version
 * goes deletes its file, recovery of orphans, readers and spans surviving a purge, one shared and
 * no leaked file descriptor, corruption and torn files detected, sparse files past 2^32.
 */
class RocksBodyFileIT {
  private static final int CS = 4096;
  private static final long THRESHOLD = 16 * CS;

  @TempDir Path tmp;

  private RocksStoreConfig config(long budget) {
    return RocksStoreConfig.of(tmp.resolve("db"), budget)
        .withChunkSize(CS)
        .withBlockCacheBytes(4L << 20)
        .withBodyFileThreshold(THRESHOLD);
  }

  private Path chunksDir() {
    return tmp.resolve("db").resolve("chunks");
  }

  private Path bodyFile(long generation) {
    return chunksDir().resolve(Long.toString(generation));
  }

  private List<String> bodyFiles() throws IOException {
    try (Stream<Path> s = Files.list(chunksDir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Open file descriptors of this process on body files. */
  private long openBodyFds() throws IOException {
    String dir = chunksDir().toRealPath().toString();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith(dir);
                } catch (IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }

  private static ObjectMeta meta(long length) {
    return new ObjectMeta(
        200, List.of(new StoredHeader("Content-Type", "video/mp4")), length, "\"e\"", -1, 1, 2,
        -1, Map.of());
  }

  private static long put(RocksSegmentStore s, String key, long seed, int length, boolean declared) {
    try (ObjectWriter w = s.openWriter(key, meta(declared ? length : -1))) {
      w.append(Bodies.slice(seed, 0, length));
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      return w.generation();
    }
  }

  private static void assertBody(RocksSegmentStore s, String key, long seed, long from, int len) {
    try (ObjectReader r = s.lookup(key).orElseThrow(() -> new AssertionError("miss " + key))) {
      ByteBuffer buf = ByteBuffer.allocateDirect(len + CS + 4);
      long at = from;
      while (at < from + len) {
        int n = r.read(at, buf);
        assertThat(n).isPositive();
        at += n;
      }
      buf.flip().limit(len);
      assertThat(Bodies.firstMismatch(seed, from, buf)).isEqualTo(-1);
    }
  }

  /** Reads {@code len} bytes of a span through its channel. */
  private static ByteBuffer readSpan(FileSpan span) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) span.count());
    while (b.hasRemaining()) {
      int n = span.channel().read(b, span.position() + b.position());
      assertThat(n).isPositive();
    }
    return b.flip();
  }

  @Test
  void largeAndUnknownLengthObjectsGoToFilesSmallOnesStayInRocks() throws IOException {
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      long big = put(s, "big", 1, (int) THRESHOLD, true);
      long unknown = put(s, "unknown", 2, 3 * CS + 5, false);
      long small = put(s, "small", 3, (int) THRESHOLD - 1, true);
      assertThat(bodyFiles())
          .containsExactlyInAnyOrder(Long.toString(big), Long.toString(unknown));
      assertThat(Files.size(bodyFile(big))).isEqualTo(THRESHOLD);
      assertThat(Files.exists(bodyFile(small))).isFalse();
      assertBody(s, "big", 1, 0, (int) THRESHOLD);
      assertBody(s, "unknown", 2, 0, 3 * CS + 5);
      assertBody(s, "small", 3, 0, (int) THRESHOLD - 1);
      try (ObjectReader r = s.lookup("small").orElseThrow()) {
        assertThat(r.fileSpan(0, 1 << 20)).isEmpty(); // not file-backed: read() it
      }
    }
  }

  @Test
  void fileSpansCoverWrittenChunksAndAFollowerSeesOnlyFlushedOnes() throws IOException {
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20));
        ObjectWriter w = s.openWriter("f", meta(-1));
        ObjectReader follower = w.openReader()) {
      w.append(Bodies.slice(5, 0, 2 * CS + 100)); // two chunks flushed, 100 bytes in the tail
      try (FileSpan span = follower.fileSpan(CS / 2, 1 << 20).orElseThrow()) {
        assertThat(span.position()).isEqualTo(CS / 2);
        assertThat(span.count()).isEqualTo(2 * CS - CS / 2);
        assertThat(Bodies.firstMismatch(5, CS / 2, readSpan(span))).isEqualTo(-1);
      }
      assertThat(follower.fileSpan(2 * CS, 1 << 20)).isEmpty(); // in the tail: read() copies it
      assertThat(follower.read(2 * CS, ByteBuffer.allocate(1000))).isEqualTo(100);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      try (FileSpan span = follower.fileSpan(CS, 3).orElseThrow()) {
        assertThat(span.count()).isEqualTo(3); // capped by maxCount
      }
      try (FileSpan span = follower.fileSpan(2 * CS, 1 << 20).orElseThrow()) {
        assertThat(span.count()).isEqualTo(100);
      }
      assertThat(follower.fileSpan(2 * CS + 100, 1 << 20)).isEmpty(); // the end
    }
  }

  @Test
  void everyWayAVersionGoesDeletesItsFile() throws IOException {
    int len = (int) THRESHOLD + CS;
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      // purge
      long a = put(s, "p/a", 1, len, true);
      long b = put(s, "p/b", 2, len, true);
      long c = put(s, "c", 3, len, true);
      assertThat(s.purge("c")).isTrue();
      assertThat(Files.exists(bodyFile(c))).isFalse();
      assertThat(s.purgePrefix("p/")).isEqualTo(2);
      assertThat(Files.exists(bodyFile(a))).isFalse();
      assertThat(Files.exists(bodyFile(b))).isFalse();
      // replaced by a new version
      long old = put(s, "r", 4, len, true);
      long current = put(s, "r", 5, len, true);
      assertThat(bodyFiles()).containsExactly(Long.toString(current));
      assertThat(old).isNotEqualTo(current);
      // aborted fill, after chunks were written
      try (ObjectWriter w = s.openWriter("x", meta(len))) {
        w.append(Bodies.slice(6, 0, 3 * CS));
        assertThat(Files.exists(bodyFile(w.generation()))).isTrue();
        w.abort();
        assertThat(Files.exists(bodyFile(w.generation()))).isFalse();
      }
      // a fill purged mid-way
      try (ObjectWriter w = s.openWriter("y", meta(len))) {
        w.append(Bodies.slice(6, 0, 3 * CS));
        s.purge("y");
        w.append(Bodies.slice(6, 3 * CS, len - 3 * CS));
        assertThat(w.commit()).isEqualTo(CommitResult.PURGED);
        assertThat(Files.exists(bodyFile(w.generation()))).isFalse();
      }
      // purgeAll
      s.purgeAll();
      assertThat(bodyFiles()).isEmpty();
    }
  }

  @Test
  void evictionDeletesFilesOnceTheLastReaderCloses() throws IOException {
    int len = (int) THRESHOLD;
    RocksStoreConfig cfg = config(3 * (THRESHOLD + 256)).withPolicy(EvictionPolicyKind.LRU);
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      long first = put(s, "e/0", 0, len, true);
      ObjectReader pinned = s.lookup("e/0").orElseThrow();
      FileSpan span = pinned.fileSpan(0, len).orElseThrow();
      for (int i = 1; i < 50 && s.revision("e/0") != -1; i++) {
        put(s, "e/" + i, i, len, true);
      }
      assertThat(s.revision("e/0")).isEqualTo(-1); // evicted (revision() does not touch)
      assertThat(s.stats().bytes()).isLessThanOrEqualTo(3 * (THRESHOLD + 256) + THRESHOLD + 256);
      assertThat(Files.exists(bodyFile(first))).isTrue(); // pinned by the reader
      pinned.close();
      assertThat(Files.exists(bodyFile(first))).isFalse();
      // the span still reads its bytes: unlinked, not gone
      assertThat(Bodies.firstMismatch(0, 0, readSpan(span))).isEqualTo(-1);
      span.close();
      assertThat(span.channel().isOpen()).isFalse();
      assertThat(bodyFiles()).hasSizeLessThanOrEqualTo(3);
    }
  }

  @Test
  void aSpanOutlivesAPurgeAndItsReaderAndNoDescriptorLeaks() throws IOException {
    int len = (int) THRESHOLD + 7;
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      long gen = put(s, "k", 9, len, true);
      for (int i = 0; i < 50; i++) {
        try (ObjectReader r = s.lookup("k").orElseThrow()) {
          r.read(0, ByteBuffer.allocateDirect(CS + 4));
          r.fileSpan(CS, CS).orElseThrow().close();
        }
      }
      assertThat(openBodyFds()).isZero();

      ObjectReader r = s.lookup("k").orElseThrow();
      FileSpan span = r.fileSpan(0, len).orElseThrow();
      assertThat(span.count()).isEqualTo(len);
      assertThat(openBodyFds()).isEqualTo(1);
      assertThat(s.purge("k")).isTrue();
      assertThat(Files.exists(bodyFile(gen))).isFalse();
      assertThatThrownBy(() -> r.read(0, ByteBuffer.allocate(10)))
          .isInstanceOf(ObjectUnavailableException.class);
      r.close();
      assertThat(span.channel().isOpen()).isTrue();
      assertThat(Bodies.firstMismatch(9, 0, readSpan(span))).isEqualTo(-1);
      span.close();
      span.close(); // idempotent
      assertThat(openBodyFds()).isZero();
    }
  }

  @Test
  void readersOfOneVersionShareOneDescriptor() throws Exception {
    int len = (int) THRESHOLD;
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      put(s, "shared", 4, len, true);
      put(s, "other", 5, len, true);
      List<ObjectReader> readers = new java.util.ArrayList<>();
      List<FileSpan> spans = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ObjectReader r = s.lookup(i % 2 == 0 ? "shared" : "other").orElseThrow();
        readers.add(r);
        assertThat(r.read(0, ByteBuffer.allocateDirect(CS + 4))).isEqualTo(CS);
        spans.add(r.fileSpan(CS, CS).orElseThrow());
      }
      assertThat(openBodyFds()).isEqualTo(2);
      readers.forEach(ObjectReader::close);
      assertThat(openBodyFds()).isEqualTo(2); // the spans still hold them
      assertThat(Bodies.firstMismatch(4, CS, readSpan(spans.get(0)))).isEqualTo(-1);
      assertThat(Bodies.firstMismatch(5, CS, readSpan(spans.get(1)))).isEqualTo(-1);
      spans.forEach(FileSpan::close);
      assertThat(openBodyFds()).isZero();
      // Opened again after everyone let go.
      try (ObjectReader r = s.lookup("shared").orElseThrow();
          FileSpan span = r.fileSpan(0, len).orElseThrow()) {
        assertThat(Bodies.firstMismatch(4, 0, readSpan(span))).isEqualTo(-1);
        assertThat(openBodyFds()).isEqualTo(1);
      }
      assertThat(openBodyFds()).isZero();
    }
  }

  @Test
  void manyThreadsReadingOneSharedFileGetTheirOwnBytes() throws Exception {
    int len = 64 * CS;
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      put(s, "hot", 6, len, true);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
        for (int t = 0; t < 32; t++) {
          int start = (t % 8) * 8 * CS;
          all.add(pool.submit(() -> {
            assertBody(s, "hot", 6, start, len - start);
            try (ObjectReader r = s.lookup("hot").orElseThrow();
                FileSpan span = r.fileSpan(start, len).orElseThrow()) {
              assertThat(Bodies.firstMismatch(6, start, readSpan(span))).isEqualTo(-1);
            }
            return null;
          }));
        }
        for (var f : all) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(openBodyFds()).isZero();
    }
  }

  @Test
  void recoveryDeletesOrphanAndPendingFilesAndKeepsCommittedOnes() throws IOException {
    RocksStoreConfig cfg = config(64L << 20);
    long kept;
    long cutShort;
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      kept = put(s, "kept", 1, (int) THRESHOLD, true);
      long dropped = put(s, "dropped", 2, (int) THRESHOLD, true);
      // A fill cut short: chunks and a pending record, never committed nor aborted.
      ObjectWriter w = s.openWriter("cut", meta(-1));
      w.append(Bodies.slice(3, 0, 5 * CS));
      cutShort = w.generation();
      // A version retired while a reader pins it: its DROP is pending at close.
      ObjectReader r = s.lookup("dropped").orElseThrow();
      put(s, "dropped", 4, (int) THRESHOLD, true);
      assertThat(Files.exists(bodyFile(dropped))).isTrue();
      Files.write(chunksDir().resolve("123456789"), new byte[100]); // no record at all
      Files.write(chunksDir().resolve("not-a-generation"), new byte[1]);
    }
    assertThat(bodyFiles()).hasSize(6);
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      assertThat(Files.exists(bodyFile(cutShort))).isFalse();
      assertThat(bodyFiles()).hasSize(2).contains(Long.toString(kept));
      assertThat(s.lookup("cut")).isEmpty();
      assertBody(s, "kept", 1, 0, (int) THRESHOLD);
      assertBody(s, "dropped", 4, 0, (int) THRESHOLD);
      // After a restart a span verifies its chunks once, then serves them.
      try (ObjectReader r = s.lookup("kept").orElseThrow();
          FileSpan span = r.fileSpan(0, THRESHOLD).orElseThrow()) {
        assertThat(span.count()).isEqualTo(THRESHOLD);
        assertThat(Bodies.firstMismatch(1, 0, readSpan(span))).isEqualTo(-1);
      }
    }
  }

  @Test
  void aDamagedOrTornBodyFileIsDetectedByReadsAndBySpans() throws IOException {
    RocksStoreConfig cfg = config(64L << 20).withVerifyChecksums(false);
    long flipped;
    long torn;
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      flipped = put(s, "flipped", 1, (int) THRESHOLD, true);
      torn = put(s, "torn", 2, (int) THRESHOLD, true);
    }
    RocksFileBodyContractIT.flipFileByte(bodyFile(flipped), 5 * CS + 1);
    try (FileChannel ch = FileChannel.open(bodyFile(torn), StandardOpenOption.WRITE)) {
      ch.truncate(3 * CS + 10); // as after a power loss that kept the descriptors
    }
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      // With verifyChecksums off a buffer read does not check, but a span never sends an
      // unverified chunk: the first span over it checks it.
      try (ObjectReader r = s.lookup("flipped").orElseThrow()) {
        Optional<FileSpan> ok = r.fileSpan(0, 5 * CS);
        assertThat(ok).isPresent();
        ok.get().close();
        assertThatThrownBy(() -> r.fileSpan(0, THRESHOLD))
            .isInstanceOfSatisfying(
                ObjectUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(ObjectUnavailableException.Reason.CORRUPT));
      }
      assertThat(s.lookup("flipped")).isEmpty();
      // A short file fails even a read without checksums: never serve bytes that are not there.
      try (ObjectReader r = s.lookup("torn").orElseThrow()) {
        ByteBuffer buf = ByteBuffer.allocateDirect(CS + 4);
        for (int c = 0; c < 3; c++) {
          buf.clear();
          assertThat(r.read((long) c * CS, buf)).isEqualTo(CS);
        }
        assertThatThrownBy(() -> r.read(3 * CS, ByteBuffer.allocateDirect(CS + 4)))
            .isInstanceOf(ObjectUnavailableException.class);
      }
      assertThat(s.lookup("torn")).isEmpty();
      assertThat(s.stats().corruptions()).isEqualTo(2);
    }
    assertThat(openBodyFds()).isZero();
  }

  @Test
  void aSparseSliceFarPast4GiBIsASparseFile() throws Exception {
    long total = 20L << 30;
    long offset = (1L << 32) + 3 * CS;
    ObjectMeta m =
        new ObjectMeta(200, List.of(), total, "\"s\"", -1, 1, 2, -1, Map.of());
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      long gen;
      try (ObjectWriter w = s.openSliceWriter("s", m, offset, 4 * CS).orElseThrow()) {
        w.append(Bodies.slice(7, offset, 4 * CS));
        assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
        gen = w.generation();
      }
      long endOffset = total - CS - 100;
      long lastSlice = total - 2 * CS; // the object's end is chunk-aligned: two whole chunks
      try (ObjectWriter w = s.openSliceWriter("s", m, lastSlice, 2 * CS).orElseThrow()) {
        w.append(Bodies.slice(7, lastSlice, 2 * CS));
        assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      }
      assertThat(Files.size(bodyFile(gen))).isEqualTo(total);
      Process du = new ProcessBuilder("du", "-k", bodyFile(gen).toString()).start();
      long kib = Long.parseLong(new String(du.getInputStream().readAllBytes()).split("\\s+")[0]);
      assertThat(kib).isLessThan(1024);
      assertBody(s, "s", 7, offset, 4 * CS);
      assertBody(s, "s", 7, endOffset, CS + 100);
      try (ObjectReader r = s.lookup("s").orElseThrow();
          FileSpan span = r.fileSpan(offset + 10, 1L << 40).orElseThrow()) {
        assertThat(span.position()).isEqualTo(offset + 10);
        assertThat(span.count()).isEqualTo(4 * CS - 10);
        assertThat(Bodies.firstMismatch(7, offset + 10, readSpan(span))).isEqualTo(-1);
      }
    }
  }
}
