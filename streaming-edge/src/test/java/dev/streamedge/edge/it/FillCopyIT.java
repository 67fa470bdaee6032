package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Followers of a fill take its bytes from the fill's own copy (objects the memory tier admits, when
 * more than one viewer waits for the origin's response head), and the copy becomes the tier's entry
 * when the fill commits: the next request is a memory hit. Checked byte for byte, with origin requests counted, for a collapsed
 * fill, a fill with one viewer (the tier's second-request rule), a fill that stalls (followers get
 * what has arrived) and one the origin cuts short (nothing kept); every copy's memory comes back.
 */
class FillCopyIT {
  private static final int SIZE = 600_000;

  @TempDir
  Path dir;

  TestOrigin origin;
  EdgeHarness edge;

  @BeforeEach
  void start() {
    origin = TestOrigin.start();
    edge = EdgeHarness.start(dir, "",
        EdgeHarness.oneOrigin(origin.url(), "readTimeout: 5s"));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      HttpResponse<String> r = edge.client.send(HttpRequest.newBuilder(edge.admin("/invalidations"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"paths\": [\"/*\"]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
      Await.until(Duration.ofSeconds(10), () -> edge.metric("streamedge_memory_copy_bytes") == 0,
          "every copy's memory given back");
    } finally {
      edge.close();
      origin.close();
    }
  }

  private long originRequests(String pathPrefix) {
    return origin.requests().stream().filter(s -> s.uri().startsWith(pathPrefix)).count();
  }

  private static byte[] expected(String path, int length) {
    byte[] b = new byte[length];
    DeterministicBytes.fill(TestOrigin.seedOf(path), 0, b, 0, length);
    return b;
  }

  private List<CompletableFuture<HttpResponse<byte[]>>> concurrently(String pq, int viewers) {
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (int i = 0; i < viewers; i++) {
      all.add(edge.client.sendAsync(HttpRequest.newBuilder(edge.uri(pq)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    return all;
  }

  @Test
  void viewersOfACollapsedFillGetItsBytesAndTheNextRequestIsAMemoryHit() throws Exception {
    String path = "/gen/" + SIZE + "/collapsed";
    byte[] want = expected(path, SIZE);
    for (CompletableFuture<HttpResponse<byte[]>> f : concurrently(path + "?delayMs=400", 8)) {
      HttpResponse<byte[]> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(want);
    }
    assertThat(originRequests(path)).isEqualTo(1);
    long hits = edge.metric("streamedge_memory_hits_total");
    HttpResponse<byte[]> next = edge.getBytes(path + "?delayMs=400");
    assertThat(next.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).startsWith("Hit"));
    assertThat(next.body()).isEqualTo(want);
    assertThat(edge.metric("streamedge_memory_hits_total") - hits).as("the fill's copy is the tier's entry").isEqualTo(1);
    assertThat(originRequests(path)).isEqualTo(1);
  }

  @Test
  void aFillWithOneViewerLeavesTheTierToTheSecondRequest() throws Exception {
    String path = "/gen/" + SIZE + "/alone";
    byte[] want = expected(path, SIZE);
    assertThat(edge.getBytes(path).body()).isEqualTo(want);
    long hits = edge.metric("streamedge_memory_hits_total");
    assertThat(edge.getBytes(path).body()).isEqualTo(want); // from the store; it makes the copy
    assertThat(edge.metric("streamedge_memory_hits_total")).isEqualTo(hits);
    assertThat(edge.getBytes(path).body()).isEqualTo(want);
    assertThat(edge.metric("streamedge_memory_hits_total") - hits).isEqualTo(1);
  }

  /** Followers of a fill that stalls mid-body have what arrived so far, from the copy. */
  @Test
  void followersOfAStalledFillHaveTheBytesThatArrived() throws Exception {
    String path = "/gen/" + SIZE + "/stalled";
    String pq = path + "?delayMs=300&stallAfter=300000"; // all four wait for the head: they get the copy
    List<RawHttp> viewers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawHttp raw = new RawHttp(edge.edge.port());
        raw.send("GET " + pq + " HTTP/1.1\r\nHost: x\r\n\r\n");
        viewers.add(raw);
      }
      byte[] want = expected(path, 300_000);
      for (RawHttp raw : viewers) {
        RawHttp.Response head = raw.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(raw.readBody(300_000)).isEqualTo(want);
      }
    } finally {
      for (RawHttp raw : viewers) {
        raw.close();
      }
    }
    assertThat(originRequests(path)).isEqualTo(1);
  }

  @Test
  void aFillTheOriginCutsShortIsNeitherKeptNorServedWhole() throws Exception {
    String path = "/gen/" + SIZE + "/cut";
    String pq = path + "?delayMs=300&cutAfter=300000";
    int failed = 0;
    for (CompletableFuture<HttpResponse<byte[]>> f : concurrently(pq, 6)) {
      try {
        HttpResponse<byte[]> r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.body().length).as("never a clean end short of the length").isEqualTo(SIZE);
      } catch (ExecutionException e) {
        failed++;
      }
    }
    assertThat(failed).isEqualTo(6);
    long before = originRequests(path);
    try {
      edge.getBytes(pq);
    } catch (java.io.IOException e) {
      // cut again: what matters is that it asked the origin
    }
    assertThat(originRequests(path)).as("nothing was kept").isEqualTo(before + 1);
  }
}
