package dev.streamedge.edge.accesslog;

import dev.streamedge.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2019-12-04T21:59:58Z");

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(T0);

  private AccessLogSettings settings(Path file) {
    return AccessLogSettings.defaults(file, "TEST1");
  }

  static AccessRecord record(int i) {
    return AccessRecord.builder().timestampMillis(T0.toEpochMilli()).responseBytes(1000 + i)
        .clientIp("192.0.2." + (i % 250)).method("GET").distributionHost("cdn.example.com")
        .path("/videos/abc/seg-" + i + ".ts").status(200).userAgent("player 1.0").requestId("req-" + i)
        .hostHeader("cdn.example.com").result(EdgeResult.HIT).timeTakenNanos(1_000_000).clientPort(40000)
        .timeToFirstByteNanos(500_000).contentType("video/mp2t").contentLength(1000).build();
  }

  @Test
  void writesTheHeaderThenOneLinePerRecordInOrder() throws IOException {
    Path file = dir.resolve("logs/access.log");
    AccessLogWriter w = AccessLogWriter.start(settings(file), clock);
    for (int i = 0; i < 1000; i++) {
      assertThat(w.offer(record(i))).isTrue();
    }
    assertThat(w.close(WAIT)).isTrue();
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(1002);
    assertThat(lines.get(0)).isEqualTo("#Version: 1.0");
    assertThat(lines.get(1)).startsWith("#Fields: date time x-edge-location");
    for (int i = 0; i < 1000; i++) {
      assertThat(lines.get(i + 2)).contains("\treq-" + i + "\t").startsWith("2019-12-04\t21:59:58\tTEST1\t");
    }
    assertThat(w.written()).isEqualTo(1000);
    assertThat(w.dropped()).isZero();
  }

  @Test
  void linesBecomeVisibleWithoutClosing() {
    Path file = dir.resolve("access.log");
    try (AccessLogWriter w = AccessLogWriter.start(settings(file), clock)) {
      w.offer(record(1));
      Await.until(WAIT, () -> read(file).contains("\treq-1\t"), "the line to be flushed while idle");
    }
  }

  @Test
  void rotatesBySizeAndEveryFileStartsWithTheHeader() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLogWriter w = AccessLogWriter.start(settings(file).withRotation(4096, Duration.ZERO), clock);
    for (int i = 0; i < 200; i++) {
      w.offer(record(i));
    }
    assertThat(w.close(WAIT)).isTrue();
    List<Path> files = logFiles();
    assertThat(files.size()).isGreaterThan(5);
    Set<String> ids = new HashSet<>();
    for (Path f : files) {
      assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo(4096);
      List<String> lines = Files.readAllLines(f);
      assertThat(lines.get(0)).isEqualTo("#Version: 1.0");
      assertThat(lines.get(1)).startsWith("#Fields: ");
      assertThat(lines.subList(2, lines.size())).isNotEmpty().allSatisfy(l -> assertThat(l.split("\t")).hasSize(33));
      lines.subList(2, lines.size()).forEach(l -> ids.add(l.split("\t")[14]));
    }
    assertThat(ids).hasSize(200);
    // Names: the live file plus access.log.<opened>, access.log.<opened>.1, … (same second here).
    assertThat(files.stream().map(p -> p.getFileName().toString()))
        .contains("access.log", "access.log.2019-12-04-21-59-58", "access.log.2019-12-04-21-59-58.1");
  }

  @Test
  void rotatesAtTheTopOfTheHour() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLogWriter w = AccessLogWriter.start(settings(file).withRotation(0, Duration.ofHours(1)), clock);
    for (int i = 0; i < 3; i++) {
      w.offer(record(i));
    }
    Await.until(WAIT, () -> w.written() == 3, "3 lines written");
    clock.advance(Duration.ofMillis(2500)); // 22:00:00.5
    for (int i = 3; i < 5; i++) {
      w.offer(record(i));
    }
    assertThat(w.close(WAIT)).isTrue();
    Path rotated = dir.resolve("access.log.2019-12-04-21-59-58");
    assertThat(recordIds(rotated)).containsExactly("req-0", "req-1", "req-2");
    assertThat(recordIds(file)).containsExactly("req-3", "req-4");
  }

  @Test
  void rotatesAnIdleFileWhenItsPeriodEnds() {
    Path file = dir.resolve("access.log");
    try (AccessLogWriter w = AccessLogWriter.start(settings(file).withRotation(0, Duration.ofHours(1)), clock)) {
      w.offer(record(1));
      Await.until(WAIT, () -> w.written() == 1, "1 line written");
      clock.advance(Duration.ofSeconds(5));
      Await.until(WAIT, () -> Files.exists(dir.resolve("access.log.2019-12-04-21-59-58")),
          "the idle writer to rotate after 22:00");
      Await.until(WAIT, () -> Files.exists(file), "a new live file");
    }
    assertThat(read(file)).isEqualTo(CloudFrontLogFormat.HEADER);
  }

  @Test
  void aPeriodWithoutRequestsMakesNoFile() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLogWriter w = AccessLogWriter.start(settings(file).withRotation(0, Duration.ofHours(1)), clock);
    clock.advance(Duration.ofHours(3));
    w.offer(record(1));
    assertThat(w.close(WAIT)).isTrue();
    assertThat(logFiles()).containsExactly(file);
    assertThat(recordIds(file)).containsExactly("req-1");
  }

  /** Only regular files rotate: a symlink, /dev/null or a FIFO read by a log agent stay in place. */
  @Test
  void somethingOtherThanARegularFileIsNeverRenamed() throws IOException {
    Path target = dir.resolve("real.log");
    Path link = Files.createSymbolicLink(dir.resolve("access.log"), target);
    AccessLogWriter w = AccessLogWriter.start(settings(link).withRotation(4096, Duration.ofSeconds(1)), clock);
    for (int i = 0; i < 100; i++) {
      w.offer(record(i));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(w.close(WAIT)).isTrue();
    assertThat(logFiles()).containsExactly(link);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(recordIds(target)).hasSize(100);
  }

  @Test
  void appendsToAnExistingFileAndEndsAHalfWrittenLine() throws IOException {
    Path file = dir.resolve("access.log");
    Files.writeString(file, CloudFrontLogFormat.HEADER + "2019-12-04\t21:00:00\tTEST1\t12", StandardCharsets.US_ASCII);
    AccessLogWriter w = AccessLogWriter.start(settings(file), clock);
    w.offer(record(7));
    assertThat(w.close(WAIT)).isTrue();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).isEqualTo("2019-12-04\t21:00:00\tTEST1\t12");
    assertThat(lines.get(3)).contains("\treq-7\t");
  }

  @Test
  void overloadDropsAndCountsInsteadOfBlocking() throws Exception {
    BlockingStream out = new BlockingStream();
    AccessLogWriter w = AccessLogWriter.toStream(out, new CloudFrontLogFormat("TEST1", false), 8, WAIT, clock);
    try {
      // The idle writer flushes the header lines first, and blocks there.
      assertThat(out.entered.await(10, TimeUnit.SECONDS)).as("writer thread blocked in write").isTrue();
      for (int i = 1; i <= 8; i++) {
        assertThat(w.offer(record(i))).isTrue();
      }
      long start = System.nanoTime();
      for (int i = 9; i < 14; i++) {
        assertThat(w.offer(record(i))).isFalse();
      }
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(w.dropped()).isEqualTo(5);
      assertThat(w.queued()).isEqualTo(8);
    } finally {
      out.release.countDown();
    }
    assertThat(w.close(WAIT)).isTrue();
    assertThat(w.written()).isEqualTo(8);
    assertThat(out.text().lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(8);
  }

  @Test
  void closeGivesUpAtItsDeadline() throws Exception {
    BlockingStream out = new BlockingStream();
    AccessLogWriter w = AccessLogWriter.toStream(out, new CloudFrontLogFormat("TEST1", false), 100, WAIT, clock);
    try {
      w.offer(record(0));
      assertThat(out.entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i <= 3; i++) {
        w.offer(record(i));
      }
      long start = System.nanoTime();
      assertThat(w.close(Duration.ofMillis(200))).isFalse();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(w.dropped()).isGreaterThanOrEqualTo(3);
      assertThat(w.offer(record(99))).isFalse();
    } finally {
      out.release.countDown();
    }
  }

  @Test
  void recordsOfferedAfterCloseAreCounted() {
    AccessLogWriter w = AccessLogWriter.toStream(new ByteArrayOutputStream(), new CloudFrontLogFormat("T", false), 10,
        WAIT, clock);
    w.close();
    assertThat(w.offer(record(1))).isFalse();
    assertThat(w.dropped()).isEqualTo(1);
    w.close(); // idempotent
  }

  @Test
  void manyProducersEveryRecordIsWrittenOrCounted() throws Exception {
    Path file = dir.resolve("access.log");
    AccessLogWriter w = AccessLogWriter.start(settings(file).withQueueSize(1024), clock);
    int threads = 4;
    int each = 20_000;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      ts.add(new Thread(() -> {
        for (int i = 0; i < each; i++) {
          w.offer(record(base + i));
        }
      }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
    assertThat(w.close(WAIT)).isTrue();
    long lines;
    try (Stream<String> s = Files.lines(file)) {
      lines = s.filter(l -> !l.startsWith("#")).count();
    }
    assertThat(lines).isEqualTo(w.written());
    assertThat(w.written() + w.dropped()).isEqualTo((long) threads * each);
  }

  @Test
  void anUnwritableDirectoryIsAStartupError() throws IOException {
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "x");
    assertThatThrownBy(() -> AccessLogWriter.start(settings(blocker.resolve("access.log")), clock))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot open the access log");
  }

  @Test
  void settingsNameTheirKeys() {
    assertThatThrownBy(() -> settings(null).withQueueSize(0)).hasMessageContaining("edge.accessLog.queueSize");
    assertThatThrownBy(() -> settings(null).withRotation(10, Duration.ZERO)).hasMessageContaining("edge.accessLog.rotateSize");
    assertThatThrownBy(() -> settings(null).withRotation(0, Duration.ofMillis(5)))
        .hasMessageContaining("edge.accessLog.rotateInterval");
    assertThat(AccessLogSettings.pathOf("-")).isNull();
    assertThat(AccessLogSettings.pathOf("logs/a.log")).isEqualTo(Path.of("logs/a.log"));
    assertThatThrownBy(() -> AccessLogSettings.pathOf(" ")).hasMessageContaining("edge.accessLog.path");
  }

  private List<Path> logFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("access.log")).sorted().collect(Collectors.toList());
    }
  }

  private static List<String> recordIds(Path f) throws IOException {
    return Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).map(l -> l.split("\t")[14])
        .collect(Collectors.toList());
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  /** Blocks the first write until released, as a stuck disk would. */
  private static final class BlockingStream extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      synchronized (data) {
        data.write(b, off, len);
      }
    }

    String text() {
      synchronized (data) {
        return data.toString(StandardCharsets.US_ASCII);
      }
    }
  }
}
