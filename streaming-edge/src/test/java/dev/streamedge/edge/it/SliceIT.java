package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large objects fetched and cached in aligned slices (4 MiB; whole up to 8 MiB). */
class SliceIT {
  private static final long GB20 = 20L << 30;
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
            + "    - { pathPattern: \"/gen/*/capped-*\", targetOriginId: o, maxObjectSize: 32MiB }\n");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private static String path(long size, String name) {
    return "/gen/" + size + "/" + name;
  }

  private RawHttp.Response range(String pathAndQuery, String range) throws IOException {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nRange: " + range + "\r\n\r\n");
      return raw.read();
    }
  }

  private static void assertBytes(byte[] body, String path, long from) {
    byte[] expected = new byte[body.length];
    DeterministicBytes.fill(TestOrigin.seedOf(path), from, expected, 0, expected.length);
    assertThat(body).as("bytes from offset " + from).isEqualTo(expected);
  }

  @Test
  void aSmallRangeOfAnUncached20GbObjectCostsOneSlice() throws Exception {
    String p = path(GB20, "huge.bin");
    long at = 10_000_000_000L;
    RawHttp.Response r = range(p, "bytes=" + at + "-" + (at + 99));
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.headers().get("content-range")).isEqualTo("bytes " + at + "-" + (at + 99) + "/" + GB20);
    assertBytes(r.body(), p, at);
    assertThat(origin.bodyBytesSent()).isLessThanOrEqualTo(SLICE);
    assertThat(origin.requestsFor(p)).isEqualTo(1);
    // The same range again: from the cache.
    RawHttp.Response again = range(p, "bytes=" + at + "-" + (at + 99));
    assertThat(again.headers().get("x-cache")).startsWith("Hit");
    assertThat(origin.requestsFor(p)).isEqualTo(1);
  }

  @Test
  void offsetsAt2To31And2To32AndTheEndOf20Gb() throws Exception {
    String p = path(GB20, "offsets.bin");
    for (long at : new long[] {(1L << 31) - 5, (1L << 32) - 5, GB20 - 10}) {
      RawHttp.Response r = range(p, "bytes=" + at + "-" + (at + 9));
      assertThat(r.status()).isEqualTo(206);
      assertBytes(r.body(), p, at);
    }
    RawHttp.Response suffix = range(p, "bytes=-7");
    assertThat(suffix.headers().get("content-range")).isEqualTo("bytes " + (GB20 - 7) + "-" + (GB20 - 1) + "/" + GB20);
    assertBytes(suffix.body(), p, GB20 - 7);
    RawHttp.Response beyond = range(p, "bytes=" + GB20 + "-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.headers().get("content-range")).isEqualTo("bytes */" + GB20);
  }

  @Test
  void rangesStraddlingSliceBoundariesAndMultipart() throws Exception {
    String p = path(MB40, "straddle.bin");
    long boundary = 3 * SLICE;
    RawHttp.Response r = range(p, "bytes=" + (boundary - 3) + "-" + (boundary + 4));
    assertThat(r.status()).isEqualTo(206);
    assertBytes(r.body(), p, boundary - 3);
    RawHttp.Response multi = range(p, "bytes=0-1," + (boundary - 1) + "-" + boundary + ",-2");
    assertThat(multi.status()).isEqualTo(206);
    String text = new String(multi.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).contains("Content-Range: bytes " + (boundary - 1) + "-" + boundary + "/" + MB40)
        .contains("Content-Range: bytes " + (MB40 - 2) + "-" + (MB40 - 1) + "/" + MB40);
  }

  /**
   * Ranges that start mid-chunk, end mid-batch, end exactly at a slice end (no next reader) or one
   * byte past it, and span several slices: exact bytes while following the slice fills, then from
   * the cache.
   */
  @Test
  void rangesEndingMidReadAheadAndAtSliceEnds() throws Exception {
    String p = path(MB40, "readahead.bin");
    long[][] ranges = {
        {SLICE - 300_000, SLICE + 700_000}, {0, SLICE - 1}, {SLICE - 1, 2 * SLICE}, {5, 3 * SLICE + 12_345},
        {(256 << 10) + 1, (1 << 20) + 2}};
    for (String pass : List.of("following the fills", "from the cache")) {
      for (long[] range : ranges) {
        RawHttp.Response r = range(p, "bytes=" + range[0] + "-" + range[1]);
        assertThat(r.status()).as(pass).isEqualTo(206);
        assertThat(r.body()).as(pass).hasSize((int) (range[1] - range[0] + 1));
        assertBytes(r.body(), p, range[0]);
      }
    }
  }

  /**
   * Viewers that leave while their stream reads ahead (a batch in flight, the next slice's reader
   * being opened) leave no store reader open (and no buffer: the leak check runs after the class);
   * the object then still streams whole.
   */
  @Test
  void viewersLeavingMidReadAheadLeaveNoReaderOpen() throws Exception {
    String p = path(MB40, "leaving.bin");
    assertThat(edge.getBytes(p).body()).hasSize((int) MB40); // cached, every slice
    for (long cut : new long[] {1, 300_000, SLICE - 1_000, SLICE + 1_000, 2 * SLICE + (5 << 18)}) {
      try (Socket s = new Socket("127.0.0.1", edge.edge.port())) {
        s.setReceiveBufferSize(64 << 10);
        s.getOutputStream().write(("GET " + p + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        assertThat(s.getInputStream().readNBytes((int) cut)).hasSize((int) cut);
      }
    }
    Await.until(Duration.ofSeconds(20), () -> edge.edge.store().stats().openReaders() == 0, "every store reader closed");
    HttpResponse<byte[]> whole = edge.getBytes(p);
    assertThat(whole.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).startsWith("Hit"));
    assertThat(DeterministicBytes.hex(DeterministicBytes.sha256().digest(whole.body())))
        .isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(p), 0, MB40));
  }

  @Test
  void eightParallelRangesReassembleToTheSameSha256() throws Exception {
    String p = path(MB40, "parallel.bin");
    long part = MB40 / 8;
    List<CompletableFuture<HttpResponse<byte[]>>> parts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      parts.add(edge.client.sendAsync(HttpRequest.newBuilder(edge.uri(p))
          .header("Range", "bytes=" + (i * part) + "-" + ((i + 1) * part - 1)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    MessageDigest md = DeterministicBytes.sha256();
    for (CompletableFuture<HttpResponse<byte[]>> f : parts) {
      HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(206);
      md.update(r.body());
    }
    assertThat(DeterministicBytes.hex(md.digest())).isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(p), 0, MB40));
    // One download of the whole object, now all from the cache, gives the same digest.
    HttpResponse<byte[]> whole = edge.getBytes(p);
    assertThat(whole.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).startsWith("Hit"));
    assertThat(DeterministicBytes.hex(DeterministicBytes.sha256().digest(whole.body())))
        .isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(p), 0, MB40));
    assertThat(origin.bodyBytesSent()).isLessThanOrEqualTo(MB40 + 2 * SLICE);
  }

  @Test
  void anInterruptedDownloadIsResumedWithARange() throws Exception {
    String p = path(MB40, "resume.bin");
    long got;
    byte[] head = new byte[7_000_001];
    HttpResponse<InputStream> r = edge.client.send(HttpRequest.newBuilder(edge.uri(p)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      got = in.readNBytes(head, 0, head.length);
    }
    RawHttp.Response rest = range(p, "bytes=" + got + "-");
    assertThat(rest.status()).isEqualTo(206);
    MessageDigest md = DeterministicBytes.sha256();
    md.update(head, 0, (int) got);
    md.update(rest.body());
    assertThat(DeterministicBytes.hex(md.digest())).isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(p), 0, MB40));
  }

  @Test
  void aStaleIfRangeGetsTheWholeObject() throws Exception {
    String p = path(12L << 20, "ifrange.bin");
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET " + p + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: \"not-the-etag\"\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).hasSize(12 << 20);
    }
  }

  @Test
  void anObjectThatChangesBetweenSlicesIsNeverSpliced() throws Exception {
    String p = path(MB40, "changing.bin");
    assertThat(range(p, "bytes=0-9").status()).isEqualTo(206); // marker + first slices cached
    origin.etagVariant("v2"); // the object changes at the origin
    assertThat(origin.requestsFor(p)).isEqualTo(1);
    try {
      HttpResponse<byte[]> r = edge.getBytes(p);
      throw new AssertionError("a spliced body of " + r.body().length + " bytes (status " + r.statusCode() + ")");
    } catch (IOException expected) {
      // cut when the next slice turned out to belong to another version
    }
    // The stale version was purged: the next request fetches the new one.
    Await.until(Duration.ofSeconds(5), () -> {
      try {
        RawHttp.Response r = range(p, "bytes=0-9");
        return r.status() == 206 && r.headers().get("etag").contains("v2");
      } catch (IOException e) {
        return false;
      }
    }, "the new version");
  }

  @Test
  void aTruncatedSliceIsNotCached() throws Exception {
    String p = path(MB40, "cut.bin");
    origin.cutEveryBodyAfter(1_000_000);
    try {
      RawHttp.Response r = range(p, "bytes=20000000-20000099");
      // A 502 (cut before the response began) or a cut 206 body: never a complete one.
      assertThat(r.status() == 206 && r.body().length == 100).as("a complete range from a cut slice").isFalse();
    } catch (IOException expected) {
      // cut
    }
    origin.cutEveryBodyAfter(-1);
    RawHttp.Response r = range(p, "bytes=20000000-20000099");
    assertThat(r.status()).isEqualTo(206);
    assertBytes(r.body(), p, 20_000_000);
  }

  @Test
  void objectsAboveMaxObjectSizeAreRefusedClearly() throws Exception {
    HttpResponse<String> r = edge.get(path(MB40, "capped-big.bin"));
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("larger than this path's maxObjectSize");
    assertThat(edge.get(path(1000, "capped-small.bin")).statusCode()).isEqualTo(200);
  }
}
