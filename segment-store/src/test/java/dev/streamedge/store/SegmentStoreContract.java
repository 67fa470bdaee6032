package dev.streamedge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.store.ObjectUnavailableException.Reason;
import dev.streamedge.testkit.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link SegmentStore} must have. Each implementation runs it by extending
 * this class: the memory store as a unit test, the RocksDB store as an integration test.
 */
public abstract class SegmentStoreContract {
  protected static final int CS = 4096;
  protected static final long BIG = 64L << 20;

  protected SegmentStore store;
  protected ExecutorService executor;

  /** A fresh, empty store with this budget and chunk size. */
  protected abstract SegmentStore newStore(long maxSizeBytes, int chunkSize);

  /**
   * Flips a byte of chunk {@code chunk} of {@code key}'s version {@code generation} behind the
   * store's back; returns the store to continue with (it may have been reopened).
   */
  protected abstract SegmentStore corruptChunk(
      SegmentStore store, String key, long generation, long chunk);

  /**
   * Overwrites chunk {@code target} of {@code key}'s version with chunk {@code source}'s stored
   * value (its data and its own valid checksum); returns the store to continue with.
   */
  protected abstract SegmentStore misplaceChunk(
      SegmentStore store, String key, long generation, long source, long target);

  @BeforeEach
  void openStore() {
    store = newStore(BIG, CS);
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void closeStore() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
    if (store != null) {
      store.close();
    }
  }

  protected static ObjectMeta meta(long length) {
    return ObjectMeta.of(200, List.of(new StoredHeader("Content-Type", "video/mp2t")), length);
  }

  protected static ObjectMeta sparseMeta(long length, String etag) {
    return new ObjectMeta(
        200, List.of(new StoredHeader("Content-Type", "application/octet-stream")), length,
        etag, -1, 1000, 1001, -1, Map.of());
  }

  /** Writes body {@code seed} of {@code length} bytes in pieces of {@code piece} and commits. */
  protected long put(String key, long seed, int length, int piece, boolean declareLength) {
    try (ObjectWriter w = store.openWriter(key, meta(declareLength ? length : -1))) {
      appendBody(w, seed, 0, length, piece);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      return w.generation();
    }
  }

  protected long put(String key, long seed, int length) {
    return put(key, seed, length, 10_000, true);
  }

  protected static void appendBody(ObjectWriter w, long seed, long from, long length, int piece) {
    long at = from;
    long end = from + length;
    while (at < end) {
      int n = (int) Math.min(piece, end - at);
      w.append(Bodies.slice(seed, at, n));
      at += n;
    }
  }

  /** Reads {@code [from, from + length)} with buffers of {@code bufSize}, checking every byte. */
  protected static void assertReads(
      ObjectReader r, long seed, long from, long length, int bufSize, boolean direct) {
    ByteBuffer buf = direct ? ByteBuffer.allocateDirect(bufSize) : ByteBuffer.allocate(bufSize);
    long at = from;
    long end = from + length;
    while (at < end) {
      buf.clear();
      buf.limit((int) Math.min(bufSize, end - at));
      int n = r.read(at, buf);
      assertThat(n).as("read at %d", at).isPositive();
      buf.flip();
      assertThat(buf.remaining()).isEqualTo(n);
      assertThat(Bodies.firstMismatch(seed, at, buf)).as("first wrong byte").isEqualTo(-1);
      at += n;
    }
  }

  protected ObjectReader open(String key) {
    Optional<ObjectReader> r = store.lookup(key);
    assertThat(r).as("lookup %s", key).isPresent();
    return r.get();
  }

  // ------------------------------------------------------------------------------- basics

  @Test
  void storesAndReadsAWholeObject() {
    int len = 10 * CS + 123;
    long gen = put("v/seg1.ts", 1, len);
    try (ObjectReader r = open("v/seg1.ts")) {
      assertThat(r.generation()).isEqualTo(gen);
      assertThat(r.state()).isEqualTo(ObjectState.COMMITTED);
      assertThat(r.length()).isEqualTo(len);
      assertThat(r.meta().status()).isEqualTo(200);
      assertThat(r.meta().headers()).containsExactly(new StoredHeader("Content-Type", "video/mp2t"));
      assertThat(r.meta().storedAt()).isPositive();
      assertThat(r.presentRanges()).containsExactly(new StoredRange(0, len));
      assertThat(r.isPresent(0, len)).isTrue();
      assertThat(r.readableBytes(0)).isEqualTo(len);
      assertReads(r, 1, 0, len, CS + 4, true);
      assertThat(r.read(len, ByteBuffer.allocate(10))).isEqualTo(-1);
    }
  }

  @Test
  void aMissIsAMiss() {
    assertThat(store.lookup("nothing")).isEmpty();
    assertThat(store.stats().misses()).isEqualTo(1);
  }

  @Test
  void anEmptyObjectIsStored() {
    put("empty", 1, 0);
    try (ObjectReader r = open("empty")) {
      assertThat(r.length()).isZero();
      assertThat(r.read(0, ByteBuffer.allocate(8))).isEqualTo(-1);
    }
  }

  @ParameterizedTest(name = "[{index}] offset={0} length={1} buf={2} direct={3}")
  @CsvSource({
    "0, 1, 64, true",
    "0, 4096, 4100, true",
    "0, 4097, 4100, true",
    "4095, 2, 64, false",
    "4096, 4096, 4100, true",
    "4095, 4098, 5000, true",
    "4096, 1, 1, false",
    "8191, 1, 1, true",
    "1, 40958, 4100, true",
    "1, 40958, 4096, true",
    "1, 40958, 777, false",
    "12288, 28000, 100000, true",
    "40959, 1, 8, false",
    "0, 40960, 65536, false",
  })
  void readsRangesAcrossChunkBoundaries(long offset, long length, int buf, boolean direct) {
    put("r", 7, 10 * CS);
    try (ObjectReader r = open("r")) {
      assertReads(r, 7, offset, length, buf, direct);
    }
  }

  @Test
  void learnsTheLengthAtCommitWhenUnknown() {
    int len = 3 * CS + 5;
    put("u", 3, len, 1000, false);
    try (ObjectReader r = open("u")) {
      assertThat(r.length()).isEqualTo(len);
      assertThat(r.meta().totalLength()).isEqualTo(len);
      assertReads(r, 3, 0, len, 1500, false);
    }
  }

  @Test
  void anUnknownLengthEndingOnAChunkBoundaryWorks() {
    put("u2", 3, 4 * CS, CS, false);
    try (ObjectReader r = open("u2")) {
      assertThat(r.length()).isEqualTo(4 * CS);
      assertReads(r, 3, 0, 4 * CS, CS + 4, true);
      assertThat(r.read(4 * CS, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void aCommitWithTheWrongLengthFailsAndLeavesNothing() {
    ObjectWriter w = store.openWriter("short", meta(3 * CS));
    appendBody(w, 1, 0, 2 * CS, 1000);
    assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
    assertThat(store.lookup("short")).isEmpty();
    assertThatThrownBy(() -> w.append(ByteBuffer.allocate(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void appendingPastTheDeclaredLengthFails() {
    try (ObjectWriter w = store.openWriter("over", meta(10))) {
      assertThatThrownBy(() -> w.append(ByteBuffer.allocate(11)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void appendCopiesSoTheCallerMayReuseItsBuffer() {
    ByteBuffer reused = ByteBuffer.allocateDirect(100);
    try (ObjectWriter w = store.openWriter("copy", meta(200))) {
      for (int i = 0; i < 2; i++) {
        reused.clear();
        reused.put(Bodies.slice(9, i * 100L, 100)).flip();
        w.append(reused);
        assertThat(reused.hasRemaining()).isFalse();
        reused.clear();
        while (reused.hasRemaining()) {
          reused.put((byte) 0);
        }
      }
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
    }
    try (ObjectReader r = open("copy")) {
      assertReads(r, 9, 0, 200, 64, false);
    }
  }

  @Test
  void abortLeavesNothing() {
    ObjectWriter w = store.openWriter("a", meta(5 * CS));
    appendBody(w, 1, 0, 3 * CS, 1000);
    w.abort();
    w.abort();
    assertThat(store.lookup("a")).isEmpty();
    assertThat(store.stats().bytes()).isZero();
    assertThat(store.stats().activeWriters()).isZero();
    assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingAnUncommittedWriterAborts() {
    try (ObjectWriter w = store.openWriter("a", meta(-1))) {
      appendBody(w, 1, 0, 2 * CS + 1, 1000);
    }
    assertThat(store.lookup("a")).isEmpty();
    assertThat(store.stats().bytes()).isZero();
  }

  @Test
  void rejectsBadKeys() {
    assertThatThrownBy(() -> store.lookup("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openWriter("a\0b", meta(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.lookup("x\uD800y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.lookup("k".repeat(9000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anObjectLargerThanTheBudgetIsNotKept() {
    store.close();
    store = newStore(8 * CS, CS);
    try (ObjectWriter w = store.openWriter("huge", meta(-1))) {
      appendBody(w, 1, 0, 9 * CS, CS);
      assertThat(w.commit()).isEqualTo(CommitResult.TOO_LARGE);
    }
    assertThat(store.lookup("huge")).isEmpty();
  }

  @Test
  void countsHitsAndMisses() {
    put("h", 1, 100);
    open("h").close();
    open("h").close();
    store.lookup("nope");
    StoreStats s = store.stats();
    assertThat(s.hits()).isEqualTo(2);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.objects()).isEqualTo(1);
    assertThat(s.bytes()).isEqualTo(100 + 256);
    assertThat(s.openReaders()).isZero();
  }

  // ------------------------------------------------------------------------------- versions

  @Test
  void aNewFillReplacesAtCommitAndOldReadersKeepTheirBytes() {
    int len = 6 * CS;
    long g1 = put("k", 1, len);
    ObjectReader old = open("k");
    ObjectWriter w = store.openWriter("k", meta(len));
    appendBody(w, 2, 0, len, 3000);
    try (ObjectReader before = open("k")) {
      assertThat(before.generation()).as("not visible before commit").isEqualTo(g1);
    }
    assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
    try (ObjectReader after = open("k")) {
      assertThat(after.generation()).isEqualTo(w.generation()).isNotEqualTo(g1);
      assertReads(after, 2, 0, len, CS + 4, true);
    }
    // The old reader pinned generation 1: it still reads generation 1's bytes, never a mix.
    assertReads(old, 1, 0, len, 1000, false);
    old.close();
    assertThat(store.stats().objects()).isEqualTo(1);
    Await.until(
        Duration.ofSeconds(5),
        () -> store.stats().bytes() == len + 256,
        "the old version's bytes released");
  }

  @Test
  void updateMetaKeepsTheBodyAndChecksTheGeneration() {
    long gen = put("m", 4, 2 * CS);
    ObjectMeta fresh =
        new ObjectMeta(
            200, List.of(new StoredHeader("Cache-Control", "max-age=60")), -1, "\"e2\"", 5000,
            9000, 9001, -1, Map.of("vary", "accept-encoding"));
    assertThat(store.updateMeta("m", gen + 1000, fresh)).isFalse();
    assertThat(store.updateMeta("m", gen, fresh)).isTrue();
    try (ObjectReader r = open("m")) {
      assertThat(r.generation()).isEqualTo(gen);
      assertThat(r.meta().headers()).containsExactly(new StoredHeader("Cache-Control", "max-age=60"));
      assertThat(r.meta().etag()).isEqualTo("\"e2\"");
      assertThat(r.meta().responseTime()).isEqualTo(9001);
      assertThat(r.meta().totalLength()).isEqualTo(2 * CS);
      assertThat(r.meta().attributes()).containsEntry("vary", "accept-encoding");
      assertReads(r, 4, 0, 2 * CS, 5000, false);
    }
    assertThatThrownBy(() -> store.updateMeta("m", gen, fresh.withTotalLength(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.updateMeta("absent", gen, fresh)).isFalse();
  }

  @Test
  void theRevisionChangesWithEveryChangeToTheCommittedObject() {
    assertThat(store.revision("r")).isEqualTo(-1);
    long gen = put("r", 1, CS + 10);
    long first = store.revision("r");
    assertThat(first).isNotNegative();
    try (ObjectReader r = open("r")) {
      assertThat(r.revision()).as("the reader's revision is the one the store reports").isEqualTo(first);
    }
    assertThat(store.revision("r")).as("a read changes nothing").isEqualTo(first);

    long hits = store.stats().hits();
    assertThat(store.touch("r", first)).isTrue();
    assertThat(store.stats().hits()).as("touch counts a hit").isEqualTo(hits + 1);
    assertThat(store.touch("r", first + 1)).isFalse();
    assertThat(store.touch("absent", first)).isFalse();
    assertThat(store.stats().hits()).isEqualTo(hits + 1);

    assertThat(store.updateMeta("r", gen, meta(-1))).isTrue();
    long afterMeta = store.revision("r");
    assertThat(afterMeta).as("a metadata update").isNotEqualTo(first);
    assertThat(store.touch("r", first)).isFalse();

    put("r", 2, 100);
    long afterReplace = store.revision("r");
    assertThat(afterReplace).as("a new version").isNotIn(first, afterMeta, -1L);

    put("other", 3, 100);
    assertThat(store.revision("other")).as("unique across keys").isNotIn(first, afterMeta, afterReplace);

    store.purge("r");
    assertThat(store.revision("r")).as("purged").isEqualTo(-1);
    try (ObjectWriter w = store.openWriter("filling", meta(10))) {
      w.append(ByteBuffer.wrap(new byte[5]));
      assertThat(store.revision("filling")).as("a fill is not committed").isEqualTo(-1);
      try (ObjectReader follower = open("filling")) {
        assertThat(follower.revision()).isEqualTo(-1);
      }
      w.abort();
    }
  }

  // ------------------------------------------------------------------------------- following

  @Test
  void aFollowerSeesEachAppendAndTheCommit() {
    ObjectWriter w = store.openWriter("live", meta(-1));
    try (ObjectReader r = open("live")) {
      assertThat(r.state()).isEqualTo(ObjectState.FILLING);
      assertThat(r.length()).isEqualTo(-1);
      ByteBuffer buf = ByteBuffer.allocate(100_000);
      assertThat(r.read(0, buf)).isZero();
      AtomicInteger fired = new AtomicInteger();
      r.onAvailable(0, fired::incrementAndGet);
      assertThat(fired).hasValue(0);
      w.append(Bodies.slice(5, 0, 10)); // smaller than a chunk: served from the writer's tail
      assertThat(fired).hasValue(1);
      assertThat(r.readableBytes(0)).isEqualTo(10);
      buf.clear();
      assertThat(r.read(0, buf)).isEqualTo(10);
      appendBody(w, 5, 10, 2 * CS, 999); // crosses chunk boundaries: some flushed, some tail
      assertReads(r, 5, 0, 2 * CS + 10, 3000, false);
      buf.clear();
      assertThat(r.read(2 * CS + 10, buf)).isZero();
      r.onAvailable(2 * CS + 10, fired::incrementAndGet);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      assertThat(fired).hasValue(2);
      assertThat(r.state()).isEqualTo(ObjectState.COMMITTED);
      assertThat(r.length()).isEqualTo(2 * CS + 10);
      assertThat(r.read(2 * CS + 10, buf)).isEqualTo(-1);
      assertReads(r, 5, 0, 2 * CS + 10, CS + 4, true);
    }
  }

  @Test
  void onAvailableRunsAtOnceWhenBytesAreThere() {
    put("x", 1, 100);
    try (ObjectReader r = open("x")) {
      AtomicInteger fired = new AtomicInteger();
      r.onAvailable(50, fired::incrementAndGet);
      r.onAvailable(100, fired::incrementAndGet); // at the end: a read would return -1
      assertThat(fired).hasValue(2);
    }
  }

  @Test
  void followersLearnOfAnAbort() {
    ObjectWriter w = store.openWriter("ab", meta(10 * CS));
    ObjectReader r = w.openReader();
    appendBody(w, 1, 0, 3 * CS + 1, 1000);
    AtomicInteger fired = new AtomicInteger();
    r.onAvailable(3 * CS + 1, fired::incrementAndGet);
    w.abort();
    assertThat(fired).hasValue(1);
    assertThat(r.state()).isEqualTo(ObjectState.ABORTED);
    assertThatThrownBy(() -> r.read(0, ByteBuffer.allocate(10)))
        .isInstanceOfSatisfying(
            ObjectUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ABORTED));
    r.close();
    assertThat(store.stats().openReaders()).isZero();
  }

  @ParameterizedTest(name = "[{index}] followers={0} piece={1} declared={2}")
  @CsvSource({"8, 1000, true", "8, 7000, false", "3, 4096, true", "16, 333, false"})
  void concurrentFollowersOfOneFillGetEveryByte(int followers, int piece, boolean declared)
      throws Exception {
    int len = 40 * CS + 17;
    ObjectWriter w = store.openWriter("fill", meta(declared ? len : -1));
    List<Follower> all = new ArrayList<>();
    for (int i = 0; i < followers; i++) {
      ObjectReader r = i % 2 == 0 ? w.openReader() : open("fill");
      all.add(new Follower(r, 11, 0, Long.MAX_VALUE, executor, 1 + i * 1500).start());
    }
    Thread writer =
        new Thread(
            () -> {
              appendBody(w, 11, 0, len, piece);
              w.commit();
            });
    writer.start();
    for (Follower f : all) {
      assertThat(f.done.get(30, TimeUnit.SECONDS)).isEqualTo(len);
    }
    writer.join(30_000);
    assertThat(store.stats().activeWriters()).isZero();
  }

  @Test
  void readersSharingPooledBuffersNeverSeeEachOthersBytes() throws Exception {
    int objects = 12;
    for (int i = 0; i < objects; i++) {
      put("pool/" + i, i, 3 * CS + 100 * i);
    }
    List<Future<?>> runs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      runs.add(
          executor.submit(
              () -> {
                for (int n = 0; n < 150; n++) {
                  int i = (n * 7 + thread) % objects;
                  try (ObjectReader r = open("pool/" + i)) {
                    // Sizes below chunkSize + 4 go through the reader's pooled chunk buffer.
                    assertReads(r, i, (n * 31L) % CS, 2 * CS, 1 + (n * 997) % (CS + 3), n % 2 == 0);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : runs) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertThat(store.stats().openReaders()).isZero();
  }

  @Test
  void lookupFollowsTheNewestFillOnlyWhenNothingIsCommitted() {
    put("k", 1, 100);
    ObjectWriter w = store.openWriter("k", meta(-1));
    w.append(Bodies.slice(2, 0, 10));
    try (ObjectReader r = open("k")) {
      assertThat(r.state()).isEqualTo(ObjectState.COMMITTED);
      assertThat(r.length()).isEqualTo(100);
    }
    store.purge("k");
    assertThat(w.commit()).isEqualTo(CommitResult.PURGED);
    ObjectWriter w2 = store.openWriter("k", meta(-1));
    w2.append(Bodies.slice(3, 0, 10));
    try (ObjectReader r = open("k")) {
      assertThat(r.state()).isEqualTo(ObjectState.FILLING);
      assertThat(r.generation()).isEqualTo(w2.generation());
    }
    w2.abort();
  }

  /**
   * A lookup racing the commit of the only version of a key: from the moment the writer is open,
   * the object is either being filled or committed, so every lookup finds one or the other. (A
   * lookup that saw no committed version, then no fill because the fill had just committed, once
   * answered "absent": the edge then asked the origin a second time for an object it was storing.)
   */
  @Test
  void aLookupRacingTheCommitAlwaysFindsTheObject() throws Exception {
    int objects = 3000;
    AtomicReference<String> current = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    List<String> missed = new CopyOnWriteArrayList<>();
    AtomicInteger lookups = new AtomicInteger();
    Future<?> reader = executor.submit(() -> {
      while (!done.get()) {
        String k = current.get();
        if (k == null) {
          continue;
        }
        Optional<ObjectReader> r = store.lookup(k);
        lookups.incrementAndGet();
        if (r.isEmpty()) {
          missed.add(k);
        } else {
          r.get().close();
        }
      }
      return null;
    });
    try {
      for (int i = 0; i < objects; i++) {
        String k = "race-" + i;
        try (ObjectWriter w = store.openWriter(k, meta(100))) {
          current.set(k); // only once the writer is open: from here on k exists
          w.append(Bodies.slice(i, 0, 100));
          assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
        }
      }
    } finally {
      done.set(true);
      reader.get(30, TimeUnit.SECONDS);
    }
    assertThat(lookups.get()).isPositive();
    assertThat(missed).as("keys a lookup did not find after their writer opened").isEmpty();
  }

  // ------------------------------------------------------------------------------- sparse

  @ParameterizedTest(name = "[{index}] slice at {0}")
  @ValueSource(longs = {0, (1L << 31) - CS, 1L << 31, (1L << 32) - CS, 1L << 32, (20L << 30) - CS})
  void sparseSlicesFarIntoAHugeObject(long offset) {
    long total = 20L << 30;
    ObjectMeta m = sparseMeta(total, "\"v1\"");
    int len = 3 * CS;
    long sliceLen = Math.min(len, total - offset);
    try (ObjectWriter w = store.openSliceWriter("big", m, offset, sliceLen).orElseThrow()) {
      appendBody(w, 42, offset, sliceLen, 5000);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
    }
    try (ObjectReader r = open("big")) {
      assertThat(r.length()).isEqualTo(total);
      assertThat(r.isPresent(offset, sliceLen)).isTrue();
      assertThat(r.presentRanges()).containsExactly(new StoredRange(offset, sliceLen));
      assertReads(r, 42, offset, sliceLen, CS + 4, true);
      assertReads(r, 42, offset + 1, sliceLen - 2, 1000, false);
      long hole = offset == 0 ? offset + sliceLen : offset - 1;
      assertThat(r.isPresent(hole, 1)).isFalse();
      assertThat(r.readableBytes(hole)).isZero();
      assertThatThrownBy(() -> r.read(hole, ByteBuffer.allocate(10)))
          .isInstanceOfSatisfying(
              ObjectUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PRESENT));
    }
  }

  @Test
  void slicesOfTheSameRepresentationAddUp() {
    long total = (5L << 30) + 1000; // ends mid-chunk
    ObjectMeta m = sparseMeta(total, "\"v1\"");
    long a = 1L << 32;
    long lastStart = (total / CS) * CS;
    writeSlice("obj", m, a, 2 * CS, 1);
    writeSlice("obj", m, a + 2 * CS, CS, 1);
    writeSlice("obj", m, lastStart, total - lastStart, 1);
    writeSlice("obj", m, 0, CS, 1);
    try (ObjectReader r = open("obj")) {
      assertThat(r.presentRanges())
          .containsExactly(
              new StoredRange(0, CS),
              new StoredRange(a, 3 * CS),
              new StoredRange(lastStart, total - lastStart));
      assertReads(r, 1, a, 3 * CS, 10_000, true);
      assertReads(r, 1, lastStart, total - lastStart, CS + 4, true);
      assertThat(r.read(total, ByteBuffer.allocate(4))).isEqualTo(-1);
    }
    // Overlapping a present range: refused; the edge serves it from the store instead.
    assertThat(store.openSliceWriter("obj", m, a + CS, CS)).isEmpty();
    assertThat(store.stats().objects()).isEqualTo(1);
  }

  @Test
  void aSliceOfANewRepresentationDropsTheOldSlices() {
    long total = 10L << 30;
    writeSlice("obj", sparseMeta(total, "\"v1\""), 0, 2 * CS, 1);
    writeSlice("obj", sparseMeta(total, "\"v1\""), 1L << 33, 2 * CS, 1);
    ObjectReader old = open("obj");
    writeSlice("obj", sparseMeta(total, "\"v2\""), 1L << 32, CS, 2);
    try (ObjectReader r = open("obj")) {
      assertThat(r.meta().etag()).isEqualTo("\"v2\"");
      assertThat(r.presentRanges()).containsExactly(new StoredRange(1L << 32, CS));
      assertReads(r, 2, 1L << 32, CS, CS + 4, true);
    }
    assertReads(old, 1, 1L << 33, 2 * CS, 3000, false); // the pinned old version stays whole
    old.close();
    // Weak or missing validators never splice: each slice replaces.
    writeSlice("obj", sparseMeta(total, "W/\"v3\""), 0, CS, 3);
    writeSlice("obj", sparseMeta(total, "W/\"v3\""), CS, CS, 3);
    try (ObjectReader r = open("obj")) {
      assertThat(r.presentRanges()).containsExactly(new StoredRange(CS, CS));
    }
  }

  @Test
  void slicesMustBeAligned() {
    ObjectMeta m = sparseMeta(1L << 32, "\"a\"");
    assertThatThrownBy(() -> store.openSliceWriter("s", m, 100, CS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openSliceWriter("s", m, 0, CS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openSliceWriter("s", m, (1L << 32) - CS, 2 * CS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openSliceWriter("s", sparseMeta(-1, "\"a\""), 0, CS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSliceBeingFilledIsFollowedAndNotFilledTwice() {
    long total = 8L << 30;
    ObjectMeta m = sparseMeta(total, "\"v1\"");
    writeSlice("obj", m, 0, CS, 1);
    long at = 5L << 30;
    ObjectWriter w = store.openSliceWriter("obj", m, at, 4 * CS).orElseThrow();
    assertThat(store.openSliceWriter("obj", m, at + CS, CS)).isEmpty();
    try (ObjectReader r = open("obj")) {
      ByteBuffer buf = ByteBuffer.allocate(CS);
      assertThat(r.read(at, buf)).isZero();
      AtomicInteger fired = new AtomicInteger();
      r.onAvailable(at, fired::incrementAndGet);
      appendBody(w, 1, at, 2 * CS + 10, 1000);
      assertThat(fired).hasValue(1);
      assertReads(r, 1, at, 2 * CS + 10, 3000, false);
      appendBody(w, 1, at + 2 * CS + 10, 2 * CS - 10, 1000);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
      assertThat(r.isPresent(at, 4 * CS)).isTrue();
      assertReads(r, 1, at, 4 * CS, CS + 4, true);
    }
  }

  @Test
  void twoSlicesOfANewRepresentationShareOneVersion() {
    long total = 4L << 30;
    writeSlice("obj", sparseMeta(total, "\"old\""), 0, CS, 1);
    ObjectMeta m = sparseMeta(total, "\"new\"");
    ObjectWriter a = store.openSliceWriter("obj", m, 1L << 31, CS).orElseThrow();
    ObjectWriter b = store.openSliceWriter("obj", m, 1L << 30, CS).orElseThrow();
    assertThat(b.generation()).isEqualTo(a.generation());
    appendBody(a, 2, 1L << 31, CS, 1000);
    appendBody(b, 2, 1L << 30, CS, 1000);
    assertThat(a.commit()).isEqualTo(CommitResult.COMMITTED);
    assertThat(b.commit()).isEqualTo(CommitResult.COMMITTED);
    try (ObjectReader r = open("obj")) {
      assertThat(r.presentRanges())
          .containsExactly(new StoredRange(1L << 30, CS), new StoredRange(1L << 31, CS));
      assertReads(r, 2, 1L << 30, CS, 500, false);
    }
  }

  @Test
  void aSliceOfAVersionEvictedMeanwhileIsDiscarded() {
    long total = 4L << 30;
    ObjectMeta m = sparseMeta(total, "\"v\"");
    writeSlice("obj", m, 0, CS, 1);
    ObjectWriter w = store.openSliceWriter("obj", m, CS, CS).orElseThrow();
    appendBody(w, 1, CS, CS, 1000);
    store.purge("obj");
    assertThat(w.commit()).isEqualTo(CommitResult.PURGED);
    assertThat(store.lookup("obj")).isEmpty();
  }

  protected void writeSlice(String key, ObjectMeta m, long offset, long length, long seed) {
    try (ObjectWriter w = store.openSliceWriter(key, m, offset, length).orElseThrow()) {
      appendBody(w, seed, offset, length, 7000);
      assertThat(w.commit()).isEqualTo(CommitResult.COMMITTED);
    }
  }

  // ------------------------------------------------------------------------------- eviction

  @Test
  void staysWithinBudgetAndAnObjectBeingReadSurvivesItsEviction() {
    store.close();
    long budget = 40L * (2 * CS + 256);
    store = newStore(budget, CS);
    put("pinned", 100, 2 * CS);
    ObjectReader r = open("pinned");
    for (int i = 0; i < 200; i++) {
      put("o/" + i, i, 2 * CS);
      open("o/" + i).close(); // popular too, so the pinned one is evicted from the main queue
      assertThat(store.stats().bytes()).isLessThanOrEqualTo(budget);
    }
    StoreStats s = store.stats();
    assertThat(s.evictions()).isGreaterThan(100);
    assertThat(store.lookup("pinned")).as("evicted").isEmpty();
    assertReads(r, 100, 0, 2 * CS, 1000, false); // still reads its own consistent bytes
    r.close();
    int found = 0;
    for (int i = 0; i < 200; i++) {
      Optional<ObjectReader> o = store.lookup("o/" + i);
      if (o.isPresent()) {
        found++;
        assertReads(o.get(), i, 0, 2 * CS, CS + 4, true);
        o.get().close();
      }
    }
    assertThat(found).isBetween(20, 40);
  }

  @Test
  void frequentlyReadObjectsSurviveAScan() {
    store.close();
    long budget = 50L * (CS + 256);
    store = newStore(budget, CS);
    for (int i = 0; i < 10; i++) {
      put("hot/" + i, i, CS);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        open("hot/" + i).close();
      }
    }
    for (int i = 0; i < 300; i++) {
      put("scan/" + i, i, CS);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(store.lookup("hot/" + i)).as("hot/%d", i).isPresent().get().satisfies(ObjectReader::close);
    }
  }

  // ------------------------------------------------------------------------------- purge

  @Test
  void purgesOneKeyAPrefixAndEverything() {
    for (String k : List.of("a", "a/1", "a/2", "a/2/x", "ab/3", "b/1", "b/2")) {
      put(k, k.hashCode(), 1000);
    }
    assertThat(store.purge("a")).isTrue();
    assertThat(store.lookup("a")).isEmpty();
    assertThat(store.lookup("a/1")).isPresent().get().satisfies(ObjectReader::close);
    assertThat(store.purgePrefix("a/")).isEqualTo(3);
    assertThat(store.lookup("a/1")).isEmpty();
    assertThat(store.lookup("a/2/x")).isEmpty();
    assertThat(store.lookup("ab/3")).isPresent().get().satisfies(ObjectReader::close);
    assertThat(store.purge("nope")).isFalse();
    assertThat(store.purgeAll()).isEqualTo(3);
    assertThat(store.stats().objects()).isZero();
    assertThat(store.stats().bytes()).isZero();
    assertThat(store.stats().purges()).isEqualTo(7);
    put("a/1", 5, 100);
    try (ObjectReader r = open("a/1")) {
      assertReads(r, 5, 0, 100, 100, false);
    }
  }

  @Test
  void aPurgeCutsOffReadersOfThePurgedObject() {
    put("p/x", 1, 3 * CS);
    ObjectReader r = open("p/x");
    assertReads(r, 1, 0, CS, CS + 4, true);
    store.purgePrefix("p/");
    assertThatThrownBy(() -> r.read(CS, ByteBuffer.allocate(100)))
        .isInstanceOfSatisfying(
            ObjectUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.GONE));
    assertThat(r.state()).isEqualTo(ObjectState.GONE);
    r.close();
    assertThat(store.stats().corruptions()).isZero();
  }

  @Test
  void aFillThatBeganBeforeAPurgeDoesNotCommitAfterIt() {
    ObjectWriter w = store.openWriter("p/live", meta(-1));
    ObjectReader follower = w.openReader();
    appendBody(w, 1, 0, 2 * CS + 7, 1000);
    AtomicInteger fired = new AtomicInteger();
    follower.onAvailable(2 * CS + 7, fired::incrementAndGet);
    store.purgePrefix("p/");
    assertThat(fired).hasValue(1);
    appendBody(w, 1, 2 * CS + 7, 3 * CS, 1000);
    assertThat(w.commit()).isEqualTo(CommitResult.PURGED);
    assertThat(store.lookup("p/live")).isEmpty();
    assertThatThrownBy(() -> follower.read(0, ByteBuffer.allocate(1)))
        .isInstanceOf(ObjectUnavailableException.class);
    follower.close();
    assertThat(store.stats().bytes()).isZero();
    // A fill that begins after the purge commits normally.
    put("p/live", 2, 100);
    assertThat(store.lookup("p/live")).isPresent().get().satisfies(ObjectReader::close);
  }

  @Test
  void aPurgeRacingManyFillsNeverLetsAnOldFillCommitAfterIt() throws Exception {
    int rounds = 30;
    for (int round = 0; round < rounds; round++) {
      String key = "race/" + round;
      long seed = round;
      CountDownLatch started = new CountDownLatch(1);
      ObjectWriter w = store.openWriter(key, meta(-1));
      Future<CommitResult> result =
          executor.submit(
              () -> {
                started.countDown();
                appendBody(w, seed, 0, 3 * CS, 512);
                return w.commit();
              });
      started.await();
      store.purgePrefix("race/");
      CommitResult r = result.get(10, TimeUnit.SECONDS);
      // Either the commit finished before the purge (then the purge removed it) or it was refused.
      assertThat(r).isIn(CommitResult.COMMITTED, CommitResult.PURGED);
      assertThat(store.lookup(key)).as("after the purge returned").isEmpty();
    }
    assertThat(store.stats().bytes()).isZero();
  }

  // ------------------------------------------------------------------------------- integrity

  @Test
  void aCorruptChunkIsAMissNeverServed() {
    int len = 5 * CS;
    long gen = put("c", 1, len);
    put("other", 2, len);
    store = corruptChunk(store, "c", gen, 2);
    try (ObjectReader r = open("c")) {
      assertReads(r, 1, 0, 2 * CS, CS + 4, true); // chunks before the bad one are fine
      assertThatThrownBy(() -> r.read(2 * CS, ByteBuffer.allocateDirect(CS + 4)))
          .isInstanceOfSatisfying(
              ObjectUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
      assertThat(r.state()).isEqualTo(ObjectState.GONE);
    }
    assertThat(store.lookup("c")).isEmpty();
    assertThat(store.stats().corruptions()).isEqualTo(1);
    try (ObjectReader r = open("other")) {
      assertReads(r, 2, 0, len, CS + 4, true);
    }
  }

  @Test
  void aChunkServedInPlaceOfAnotherIsDetected() {
    long gen = put("m", 1, 4 * CS);
    store = misplaceChunk(store, "m", gen, 0, 1);
    try (ObjectReader r = open("m")) {
      assertReads(r, 1, 0, CS, CS + 4, true);
      assertThatThrownBy(() -> r.read(CS, ByteBuffer.allocate(CS)))
          .isInstanceOfSatisfying(
              ObjectUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    }
    assertThat(store.lookup("m")).isEmpty();
  }

  // ------------------------------------------------------------------------------- lifecycle

  @Test
  void callsAfterCloseFail() {
    put("k", 1, 10);
    ObjectReader r = open("k");
    store.close();
    assertThatThrownBy(() -> store.lookup("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> r.read(0, ByteBuffer.allocate(10)))
        .isInstanceOf(IllegalStateException.class);
    r.close();
    store = null;
  }
}
