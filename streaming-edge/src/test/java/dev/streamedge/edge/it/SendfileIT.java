package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored bodies of large objects sent with sendfile on plain HTTP/1.1: whole objects, ranges,
 * multipart, objects in slices, HEAD, and viewers leaving mid-send, each checked byte for byte
 * against the origin and against the edge's count of bytes handed to sendfile.
 */
class SendfileIT {
  /** Stored whole (the behavior raises the slice threshold) and above the memory tier's 8 MiB. */
  private static final long WHOLE = 12_000_000;
  private static final long SLICE = 4L << 20;
  private static final long MB40 = 40L << 20;

  @TempDir
  Path dir;

  TestOrigin origin;
  EdgeHarness edge;

  @BeforeEach
  void start() {
    origin = TestOrigin.start();
    edge = EdgeHarness.start(dir, "",
        EdgeHarness.oneOrigin(origin.url())
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/gen/*/whole-*\", targetOriginId: o, sliceThreshold: 64MiB }\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private RawHttp.Response get(String path, String range, boolean head) throws IOException {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send((head ? "HEAD " : "GET ") + path + " HTTP/1.1\r\nHost: x\r\n"
          + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n");
      return raw.read(head);
    }
  }

  private static void assertBytes(byte[] body, String path, long from) {
    byte[] expected = new byte[body.length];
    DeterministicBytes.fill(TestOrigin.seedOf(path), from, expected, 0, expected.length);
    assertThat(body).as("bytes from offset " + from).isEqualTo(expected);
  }

  private static void assertWhole(HttpResponse<byte[]> r, String path, long length) {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(DeterministicBytes.hex(DeterministicBytes.sha256().digest(r.body())))
        .isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(path), 0, length));
  }

  /** Open file descriptors of this JVM (the edge runs in it) on the store's body files. */
  private long openBodyFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      Path chunks = dir.resolve("cache").resolve("chunks").toRealPath();
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).startsWith(chunks);
        } catch (IOException e) {
          return false;
        }
      }).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long sendfileBytes() {
    return edge.metric("streamedge_sendfile_bytes_total");
  }

  @Test
  void aWholeObjectItsRangesMultipartAndHeadGoOutWithSendfile() throws Exception {
    String p = "/gen/" + WHOLE + "/whole-a.bin";
    assertWhole(edge.getBytes(p), p, WHOLE); // a miss, following the fill
    long before = sendfileBytes();
    HttpResponse<byte[]> hit = edge.getBytes(p);
    assertThat(hit.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).startsWith("Hit"));
    assertWhole(hit, p, WHOLE);
    assertThat(sendfileBytes() - before).isEqualTo(WHOLE);

    before = sendfileBytes();
    RawHttp.Response range = get(p, "bytes=100-5000099", false);
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.headers().get("content-range")).isEqualTo("bytes 100-5000099/" + WHOLE);
    assertBytes(range.body(), p, 100);
    assertThat(sendfileBytes() - before).isEqualTo(5_000_000);

    before = sendfileBytes();
    RawHttp.Response multi = get(p, "bytes=0-9,4000000-4000009,-5", false);
    assertThat(multi.status()).isEqualTo(206);
    String text = new String(multi.body(), StandardCharsets.ISO_8859_1);
    assertThat(text).contains("Content-Range: bytes 4000000-4000009/" + WHOLE);
    int at = text.indexOf("Content-Range: bytes 4000000-4000009/" + WHOLE);
    int body = text.indexOf("\r\n\r\n", at) + 4;
    byte[] part = java.util.Arrays.copyOfRange(multi.body(), body, body + 10);
    assertBytes(part, p, 4_000_000);
    assertThat(sendfileBytes() - before).isEqualTo(25);

    before = sendfileBytes();
    RawHttp.Response head = get(p, null, true);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo(Long.toString(WHOLE));
    assertThat(sendfileBytes() - before).isZero();
    assertThat(openBodyFiles()).isZero();
  }

  @Test
  void anObjectInSlicesAndRangesAcrossSlicesGoOutWithSendfile() throws Exception {
    String p = "/gen/" + MB40 + "/sliced.bin";
    assertWhole(edge.getBytes(p), p, MB40);
    long before = sendfileBytes();
    HttpResponse<byte[]> hit = edge.getBytes(p);
    assertThat(hit.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).startsWith("Hit"));
    assertWhole(hit, p, MB40);
    assertThat(sendfileBytes() - before).isEqualTo(MB40);

    long from = 2 * SLICE - 12_345;
    long to = 4 * SLICE + 999;
    before = sendfileBytes();
    RawHttp.Response r = get(p, "bytes=" + from + "-" + to, false);
    assertThat(r.status()).isEqualTo(206);
    assertBytes(r.body(), p, from);
    assertThat(sendfileBytes() - before).isEqualTo(to - from + 1);
    Await.until(Duration.ofSeconds(10), () -> edge.edge.store().stats().openReaders() == 0, "readers closed");
    assertThat(openBodyFiles()).isZero();
  }

  /**
   * A memory-tier hit of an object the store keeps in a body file (1 MiB up to the tier's 8 MiB):
   * each range's first 512 KiB leave from the copy with the head, the rest with sendfile from the
   * copy's span of the file, byte for byte right in every form. The tier's entry keeps the file
   * open; an invalidation drops the entry and closes it.
   */
  @Test
  void aMemoryTierHitOfAFileBackedObjectSendsAllButItsFirstBytesWithSendfile() throws Exception {
    long size = 3_000_000;
    long first = 512 << 10;
    String p = "/gen/" + size + "/in-memory.bin";
    assertWhole(edge.getBytes(p), p, size); // the miss
    assertWhole(edge.getBytes(p), p, size); // a store hit: it makes the copy
    long hits = edge.metric("streamedge_memory_hits_total");
    long before = sendfileBytes();
    HttpResponse<byte[]> hit = edge.getBytes(p);
    assertWhole(hit, p, size);
    assertThat(edge.metric("streamedge_memory_hits_total") - hits).isEqualTo(1);
    assertThat(sendfileBytes() - before).isEqualTo(size - first);

    before = sendfileBytes();
    RawHttp.Response range = get(p, "bytes=1048576-2097151", false);
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.headers().get("content-range")).isEqualTo("bytes 1048576-2097151/" + size);
    assertBytes(range.body(), p, 1_048_576);
    assertThat(sendfileBytes() - before).isEqualTo((1 << 20) - first);

    before = sendfileBytes();
    RawHttp.Response small = get(p, "bytes=-1000", false);
    assertThat(small.status()).isEqualTo(206);
    assertBytes(small.body(), p, size - 1000);
    assertThat(sendfileBytes() - before).as("a range of 512 KiB or less goes from memory").isZero();

    before = sendfileBytes();
    RawHttp.Response multi = get(p, "bytes=0-9,1000000-2999999", false);
    assertThat(multi.status()).isEqualTo(206);
    String text = new String(multi.body(), StandardCharsets.ISO_8859_1);
    int at = text.indexOf("Content-Range: bytes 1000000-2999999/" + size);
    assertThat(at).isPositive();
    int body = text.indexOf("\r\n\r\n", at) + 4;
    assertBytes(java.util.Arrays.copyOfRange(multi.body(), 0 + text.indexOf("\r\n\r\n") + 4,
        text.indexOf("\r\n\r\n") + 14), p, 0);
    assertBytes(java.util.Arrays.copyOfRange(multi.body(), body, body + 2_000_000), p, 1_000_000);
    assertThat(sendfileBytes() - before).isEqualTo(2_000_000 - first);

    before = sendfileBytes();
    RawHttp.Response head = get(p, null, true);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo(Long.toString(size));
    assertThat(sendfileBytes() - before).isZero();
    assertThat(edge.metric("streamedge_memory_hits_total") - hits).isEqualTo(5);

    Await.until(Duration.ofSeconds(10), () -> edge.edge.store().stats().openReaders() == 0, "readers closed");
    assertThat(openBodyFiles()).as("the tier's entry holds its file").isEqualTo(1);
    HttpResponse<String> created = edge.client.send(java.net.http.HttpRequest.newBuilder(edge.admin("/invalidations"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"paths\": [\"/gen/*\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    Await.until(Duration.ofSeconds(10), () -> openBodyFiles() == 0, "the entry's file closed");
  }

  /**
   * Viewers that leave while regions are queued or being sent: every reader closes, and with it
   * every body file (Netty releases the unsent regions; the suite runs with paranoid leak
   * detection). The object then still streams whole.
   */
  @Test
  void viewersLeavingMidSendfileLeaveNoReaderNorFileOpen() throws Exception {
    String p = "/gen/" + MB40 + "/leaving.bin";
    assertWhole(edge.getBytes(p), p, MB40);
    long before = sendfileBytes();
    for (long cut : new long[] {1, 300_000, SLICE - 1_000, SLICE + 1_000, 2 * SLICE + (5 << 18)}) {
      try (Socket s = new Socket("127.0.0.1", edge.edge.port())) {
        s.setReceiveBufferSize(64 << 10);
        s.getOutputStream().write(("GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        assertThat(s.getInputStream().readNBytes((int) cut)).hasSize((int) cut);
      }
    }
    assertThat(sendfileBytes()).isGreaterThan(before);
    Await.until(Duration.ofSeconds(20), () -> edge.edge.store().stats().openReaders() == 0, "every store reader closed");
    Await.until(Duration.ofSeconds(20), () -> openBodyFiles() == 0, "every body file closed");
    assertWhole(edge.getBytes(p), p, MB40);
  }

  /**
   * Regions are pulled only while the viewer's channel is writable, as buffers are: a viewer that
   * stops reading holds what its outbound and socket buffers take, not the whole object (Netty
   * counts a region as 0 bytes unless told otherwise, which would queue all of it).
   */
  @Test
  void aViewerThatStopsReadingStopsThePull() throws Exception {
    String p = "/gen/" + MB40 + "/paused.bin";
    assertWhole(edge.getBytes(p), p, MB40);
    long before = sendfileBytes();
    try (Socket s = new Socket("127.0.0.1", edge.edge.port())) {
      s.setReceiveBufferSize(64 << 10);
      s.getOutputStream().write(("GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertThat(s.getInputStream().readNBytes(100_000)).hasSize(100_000);
      Thread.sleep(1_000);
      assertThat(sendfileBytes() - before).isLessThan(12L << 20);
      assertThat(edge.edge.store().stats().openReaders()).isLessThanOrEqualTo(2);
    }
  }

  /** A purge while a viewer is mid-download: the bytes already handed to sendfile stay valid. */
  @Test
  void aPurgeMidSendfileNeverSendsWrongBytes() throws Exception {
    String p = "/gen/" + WHOLE + "/whole-purged.bin";
    assertWhole(edge.getBytes(p), p, WHOLE);
    try (Socket s = new Socket("127.0.0.1", edge.edge.port())) {
      s.setReceiveBufferSize(64 << 10);
      s.getOutputStream().write(("GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      java.io.InputStream in = s.getInputStream();
      byte[] head = readHead(in);
      assertThat(new String(head, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
      byte[] first = in.readNBytes(1_000_000);
      assertBytes(first, p, 0);
      assertThat(edge.edge.store().purgeAll()).isEqualTo(1);
      // The response may be cut short (a purge cuts readers off), but what arrives is right.
      byte[] rest = in.readAllBytes();
      assertBytes(rest, p, 1_000_000);
    }
    Await.until(Duration.ofSeconds(20), () -> edge.edge.store().stats().openReaders() == 0, "every store reader closed");
    Await.until(Duration.ofSeconds(20), () -> openBodyFiles() == 0, "every body file closed");
    assertWhole(edge.getBytes(p), p, WHOLE);
  }

  private static byte[] readHead(java.io.InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("eof in head");
      }
      out.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return out.toByteArray();
  }
}
