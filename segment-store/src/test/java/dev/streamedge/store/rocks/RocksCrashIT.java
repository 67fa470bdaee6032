package dev.streamedge.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.store.Bodies;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of fills: a child JVM ({@link CrashingFiller}) fills objects on several
 * threads and is killed with {@code destroyForcibly}; the reopened store must hold only complete,
 * correct objects, everything reported committed, and no orphaned chunks or body files (fills of
 * unknown length keep their chunk data in body files).
 */
class RocksCrashIT {
  private static final int CS = CrashingFiller.CS;

  @TempDir Path tmp;

  @Test
  void aKilledProcessLeavesOnlyCompleteObjects() throws Exception {
    Path dir = tmp.resolve("db");
    // Across both runs: the second run replaces (or not) what the first left.
    Set<Long> opened = new HashSet<>();
    Map<Long, Boolean> committed = new HashMap<>();
    for (int round = 0; round < 2; round++) {
      // The child's stdout goes to a file: destroyForcibly closes a pipe with unread lines in it.
      Path out = tmp.resolve("child-" + round + ".out");
      Process child = startChild(dir, round * 1_000_000L, out);
      try {
        Await.until(
            Duration.ofSeconds(60),
            () -> count(out, "COMMITTED ") >= 40 || !child.isAlive(),
            "40 commits in the child");
        assertThat(child.isAlive()).as("the child is still filling").isTrue();
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        String[] p = line.split(" ");
        if (p.length == 2 && p[0].equals("OPEN")) {
          opened.add(Long.parseLong(p[1]));
        } else if (p.length == 2 && p[0].equals("COMMITTED")) {
          committed.put(Long.parseLong(p[1]), true);
        }
      }
      verify(dir, opened, committed);
    }
  }

  private static long count(Path file, String prefix) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.startsWith(prefix)).count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private static Process startChild(Path dir, long seedBase, Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashingFiller.class.getName(),
            dir.toString(),
            Long.toString(seedBase));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectOutput(out.toFile());
    return pb.start();
  }

  private static void verify(Path dir, Set<Long> opened, Map<Long, Boolean> committed)
      throws Exception {
    RocksStoreConfig cfg =
        RocksStoreConfig.of(dir, 1L << 30).withChunkSize(CS).withBlockCacheBytes(8L << 20);
    // Per key, the newest seed the child reported committed: the key must hold some version.
    Map<String, Long> lastCommitted = new HashMap<>();
    for (long seed : committed.keySet()) {
      lastCommitted.merge("k/" + (seed % CrashingFiller.KEYS), seed, Math::max);
    }
    long expectedChunks = 0;
    long expectedBodyFiles = 0;
    int uncommittedAtKill = 0;
    try (RocksSegmentStore s = RocksSegmentStore.open(cfg)) {
      for (int k = 0; k < CrashingFiller.KEYS; k++) {
        String key = "k/" + k;
        Optional<ObjectReader> found = s.lookup(key);
        Long mustHave = lastCommitted.get(key);
        if (found.isEmpty()) {
          assertThat(mustHave).as("%s was reported committed", key).isNull();
          continue;
        }
        try (ObjectReader r = found.get()) {
          long seed = Long.parseLong(r.meta().attributes().get("seed"));
          assertThat(opened).as("%s holds seed %d", key, seed).contains(seed);
          // Fills of one key overlap, and the last commit wins: the survivor is one of the
          // fills of this key, committed either before the kill was reported or just before it.
          assertThat(seed % CrashingFiller.KEYS).isEqualTo(k);
          long length = CrashingFiller.lengthOf(seed);
          assertThat(r.length()).as("%s seed %d", key, seed).isEqualTo(length);
          ByteBuffer buf = ByteBuffer.allocateDirect(CS + 4);
          long at = 0;
          while (at < length) {
            buf.clear();
            int n = r.read(at, buf);
            assertThat(n).isPositive();
            buf.flip();
            assertThat(Bodies.firstMismatch(seed, at, buf)).isEqualTo(-1);
            at += n;
          }
          assertThat(r.read(length, buf.clear())).isEqualTo(-1);
          expectedChunks += (length + CS - 1) / CS;
          if (seed % 2 == 1) {
            expectedBodyFiles++; // filled with an unknown length: chunk data in a body file
          }
        }
      }
      for (long seed : opened) {
        if (!committed.containsKey(seed)) {
          uncommittedAtKill++;
        }
      }
    }
    assertThat(uncommittedAtKill).as("fills cut short by the kill").isPositive();
    try (Stream<Path> files = Files.list(dir.resolve("chunks"))) {
      assertThat(files.count())
          .as("body files = those of the stored objects")
          .isEqualTo(expectedBodyFiles);
    }
    try (RawRocks raw = new RawRocks(dir)) {
      assertThat(raw.count(raw.pending)).as("pending records after recovery").isZero();
      assertThat(raw.count(raw.chunks)).as("chunks = those of the stored objects").isEqualTo(expectedChunks);
    }
  }
}
