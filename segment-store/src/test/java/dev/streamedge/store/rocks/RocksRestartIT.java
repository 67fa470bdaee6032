package dev.streamedge.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.store.Bodies;
import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectWriter;
import dev.streamedge.store.StoreStats;
import dev.streamedge.store.StoredHeader;
import dev.streamedge.store.StoredRange;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a close and reopen, and what a reopen cleans up. */
class RocksRestartIT {
  private static final int CS = 4096;

  @TempDir Path tmp;

  private RocksStoreConfig config(long budget) {
    return RocksStoreConfig.of(tmp.resolve("a/b/db"), budget)
        .withChunkSize(CS)
        .withBlockCacheBytes(4L << 20)
        .withClock(clock);
  }

  /** Every commit gets a distinct, increasing storedAt. */
  private final Clock clock =
      new Clock() {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.incrementAndGet());
        }
      };

  private static ObjectMeta meta(long length) {
    return new ObjectMeta(
        200,
        List.of(new StoredHeader("Content-Type", "video/mp2t"), new StoredHeader("ETag", "\"x\"")),
        length, "\"x\"", 1_700_000_000_000L, 10, 11, -1, Map.of("vary", "origin"));
  }

  private static long put(RocksSegmentStore s, String key, long seed, int length) {
    try (ObjectWriter w = s.openWriter(key, meta(length))) {
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

  @Test
  void aRestartFindsTheCacheWarmWithTheSameBudget() {
    RocksStoreConfig cfg = config(64L << 20);
    assertThat(Files.exists(cfg.directory())).isFalse();
    StoreStats before;
    long gen;
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      for (int i = 0; i < 20; i++) {
        put(s, "v/" + i, i, 3 * CS + i);
      }
      gen = put(s, "v/0", 100, 2 * CS); // replaced once: one version survives
      ObjectMeta big =
          new ObjectMeta(200, List.of(), 6L << 30, "\"big\"", -1, 1, 2, -1, Map.of());
      try (ObjectWriter w = s.openSliceWriter("big", big, 1L << 32, 2 * CS).orElseThrow()) {
        w.append(Bodies.slice(7, 1L << 32, 2 * CS));
        assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      }
      before = s.stats();
    }
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      StoreStats after = s.stats();
      assertThat(after.objects()).isEqualTo(before.objects()).isEqualTo(21);
      assertThat(after.bytes()).isEqualTo(before.bytes());
      for (int i = 1; i < 20; i++) {
        assertBody(s, "v/" + i, i, 0, 3 * CS + i);
      }
      try (ObjectReader r = s.lookup("v/0").orElseThrow()) {
        assertThat(r.generation()).isEqualTo(gen);
        assertThat(r.meta()).isEqualTo(meta(2 * CS).withStoredAt(r.meta().storedAt()));
      }
      assertBody(s, "v/0", 100, 0, 2 * CS);
      try (ObjectReader r = s.lookup("big").orElseThrow()) {
        assertThat(r.presentRanges()).containsExactly(new StoredRange(1L << 32, 2 * CS));
      }
      assertBody(s, "big", 7, 1L << 32, 2 * CS);
      // New generations never collide with surviving ones.
      assertThat(put(s, "new", 1, 10)).isGreaterThan(gen);
    }
  }

  @Test
  void aSmallerBudgetAtRestartEvicts() {
    try (RocksSegmentStore s = RocksSegmentStore.open(config(64L << 20))) {
      for (int i = 0; i < 40; i++) {
        put(s, "o/" + i, i, CS);
      }
    }
    long budget = 10L * (CS + 256);
    try (RocksSegmentStore s = RocksSegmentStore.open(config(budget))) {
      assertThat(s.stats().bytes()).isLessThanOrEqualTo(budget);
      assertThat(s.stats().objects()).isEqualTo(10);
      assertThat(s.stats().evictions()).isEqualTo(30);
      // The oldest went first.
      assertThat(s.lookup("o/0")).isEmpty();
      assertBody(s, "o/39", 39, 0, CS);
    }
    try (RocksSegmentStore s = RocksSegmentStore.open(config(budget))) {
      assertThat(s.stats().objects()).isEqualTo(10);
    }
  }

  @Test
  void aReopenDeletesChunksNoRecordOwns() throws Exception {
    RocksStoreConfig cfg = config(64L << 20);
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      put(s, "kept", 1, 3 * CS); // 3 chunks
      put(s, "replaced", 2, 4 * CS);
      ObjectReader pin = s.lookup("replaced").orElseThrow();
      put(s, "replaced", 3, 2 * CS); // 2 chunks; the old 4 stay pinned by the reader
      ObjectWriter unfinished = s.openWriter("unfinished", meta(-1));
      unfinished.append(Bodies.slice(4, 0, 5 * CS + 10)); // 5 chunks flushed, never committed
      ObjectMeta big = new ObjectMeta(200, List.of(), 1L << 33, "\"s\"", -1, 1, 2, -1, Map.of());
      ObjectWriter slice = s.openSliceWriter("sparse", big, 1L << 32, 4 * CS).orElseThrow();
      slice.append(Bodies.slice(5, 1L << 32, 2 * CS + 1)); // 2 chunks flushed
      // Closed with a pinned old version, a fill and a slice in flight: as if the process died.
      closeNow(s);
      pin.close();
    }
    try (RawRocks raw = new RawRocks(cfg.directory())) {
      assertThat(raw.count(raw.chunks)).isEqualTo(3 + 4 + 2 + 5 + 2);
      assertThat(raw.count(raw.pending)).isEqualTo(3);
    }
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      assertThat(s.lookup("unfinished")).isEmpty();
      assertThat(s.lookup("sparse")).isEmpty();
      assertBody(s, "replaced", 3, 0, 2 * CS);
      assertThat(s.stats().bytes()).isEqualTo(5L * CS + 2 * 256);
    }
    try (RawRocks raw = new RawRocks(cfg.directory())) {
      assertThat(raw.count(raw.chunks)).isEqualTo(3 + 2);
      assertThat(raw.count(raw.pending)).isZero();
      assertThat(raw.count(raw.meta)).isEqualTo(2);
    }
  }

  private static void closeNow(RocksSegmentStore s) {
    s.close();
  }

  @Test
  void anUnreadableRecordIsSkippedNotFatal() throws Exception {
    RocksStoreConfig cfg = config(64L << 20);
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      put(s, "good", 1, CS);
      put(s, "bad", 2, CS);
    }
    try (RawRocks raw = new RawRocks(cfg.directory())) {
      raw.db.put(raw.meta, RocksKeys.record("bad"), new byte[] {9, 9, 9});
    }
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      assertThat(s.lookup("bad")).isEmpty();
      assertBody(s, "good", 1, 0, CS);
      put(s, "bad", 3, CS);
      assertBody(s, "bad", 3, 0, CS);
    }
  }
}
