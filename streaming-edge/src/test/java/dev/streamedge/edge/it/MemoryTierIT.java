package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory tier in front of the store: repeated hits are answered from memory, byte for byte what
 * the store holds, in every form (whole, ranges across chunk boundaries, multipart, HEAD, 304,
 * variants), and a copy in memory never outlives a purge, a new version or a revalidation.
 */
class MemoryTierIT {
  @TempDir
  static Path dir;

  static TestOrigin origin;
  static EdgeHarness edge;
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger version = new AtomicInteger(1);
  static final AtomicInteger shortVersion = new AtomicInteger(1);
  static final AtomicInteger mutable = new AtomicInteger(1);

  @BeforeAll
  static void start() {
    origin = TestOrigin.start()
        .route("/versioned", s -> TestOrigin.Reply.text(200, "v" + version.get() + "\n",
            "Cache-Control", "max-age=3600", "ETag", "\"v" + version.get() + "\""))
        .route("/short", s -> TestOrigin.Reply.text(200, "s" + shortVersion.get() + "\n",
            "Cache-Control", "max-age=1", "ETag", "\"s" + shortVersion.get() + "\""))
        .route("/fields", s -> TestOrigin.Reply.text(200, "fields\n",
            "Cache-Control", "max-age=600", "CDN-Cache-Control", "max-age=900", "Age", "7",
            "Via", "1.1 upstream", "X-Cache", "Hit from upstream", "X-Custom", "kept"))
        .route("/piecewise", s -> TestOrigin.Reply.text(200, "p\n", "Cache-Control", "max-age=3600"))
        .route("/mutable", s -> {
          if (!s.method().equals("GET") && !s.method().equals("HEAD")) {
            mutable.incrementAndGet();
            return TestOrigin.Reply.text(200, "changed\n");
          }
          return TestOrigin.Reply.text(200, "m" + mutable.get() + "\n", "Cache-Control", "max-age=3600");
        })
        .route("/lang", s -> {
          String lang = s.header("Accept-Language") == null ? "none" : s.header("Accept-Language");
          return TestOrigin.Reply.text(200, "page in " + lang + "\n", "Vary", "Accept-Language",
              "Cache-Control", "max-age=600");
        });
    edge = EdgeHarness.start(dir, "",
        EdgeHarness.oneOrigin(origin.url(), "readTimeout: 5s")
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/mutable\", targetOriginId: o, allowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE] }\n");
  }

  @AfterAll
  static void stop() {
    edge.close();
    origin.close();
  }

  private static String xcache(HttpResponse<?> r) {
    return r.headers().firstValue("X-Cache").orElse("");
  }

  private static String bodyQuietly(String pq) {
    try {
      return edge.get(pq).body();
    } catch (Exception e) {
      return null;
    }
  }

  private static JsonNode stats() throws Exception {
    HttpResponse<String> r = edge.client.send(HttpRequest.newBuilder(edge.admin("/stats")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static long memoryHits() throws Exception {
    return stats().path("memory").path("hits").asLong();
  }

  @Test
  void repeatedHitsComeFromMemoryInEveryForm() throws Exception {
    // 300,000 bytes: two store chunks (256 KiB each), so the copy is read across a chunk boundary.
    String path = "/gen/300000/every-form?cc=max-age%3D600";
    long seed = TestOrigin.seedOf("/gen/300000/every-form");
    assertThat(xcache(edge.getBytes(path))).startsWith("Miss");
    assertThat(xcache(edge.getBytes(path))).startsWith("Hit"); // from the store: now kept in memory
    long before = memoryHits();
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> hit = edge.getBytes(path);
      assertThat(xcache(hit)).startsWith("Hit");
      assertThat(hit.headers().firstValue("Age")).isPresent();
      assertThat(hit.body()).hasSize(300000);
      for (int at : new int[] {0, 262143, 262144, 299999}) {
        assertThat(hit.body()[at]).as("byte %d", at).isEqualTo(DeterministicBytes.at(seed, at));
      }
    }
    assertThat(memoryHits() - before).isEqualTo(3);

    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=262140-262150\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(206);
      assertThat(r.headers().get("content-range")).isEqualTo("bytes 262140-262150/300000");
      assertThat(r.body()).hasSize(11);
      for (int i = 0; i < 11; i++) {
        assertThat(r.body()[i]).isEqualTo(DeterministicBytes.at(seed, 262140 + i));
      }

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,-2\r\n\r\n");
      RawHttp.Response multi = raw.read();
      assertThat(multi.status()).isEqualTo(206);
      assertThat(multi.text()).contains("Content-Range: bytes 0-1/300000")
          .contains("Content-Range: bytes 299998-299999/300000");

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=300000-\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(416);

      raw.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = raw.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers().get("content-length")).isEqualTo("300000");
      String etag = head.headers().get("etag");

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n");
      RawHttp.Response notModified = raw.read(true);
      assertThat(notModified.status()).isEqualTo(304);

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().body()).as("the connection stays in step").hasSize(300000);
    }
    assertThat(memoryHits() - before).isEqualTo(3 + 6);
    assertThat(origin.requestsFor("/gen/300000/every-form")).isEqualTo(1);
  }

  @Test
  void aHitFromMemoryCarriesTheSameFieldsAsAHitFromTheStore() throws Exception {
    assertThat(xcache(edge.get("/fields"))).startsWith("Miss");
    HttpResponse<String> fromStore = edge.get("/fields");
    long before = memoryHits();
    HttpResponse<String> fromMemory = edge.get("/fields");
    HttpResponse<String> again = edge.get("/fields");
    assertThat(memoryHits() - before).isEqualTo(2);
    for (HttpResponse<String> r : List.of(fromStore, fromMemory, again)) {
      assertThat(xcache(r)).isEqualTo("Hit from test-edge");
      assertThat(r.headers().firstValue("Via")).hasValue("1.1 upstream, 1.1 test-edge (streamedge)");
      assertThat(r.headers().firstValue("X-Custom")).hasValue("kept");
      assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
      assertThat(r.headers().allValues("Age")).hasSize(1);
      assertThat(Long.parseLong(r.headers().firstValue("Age").orElseThrow())).isGreaterThanOrEqualTo(7);
      assertThat(r.headers().firstValue("CDN-Cache-Control")).isEmpty();
      assertThat(r.headers().allValues("X-Cache")).hasSize(1);
    }
    assertThat(withoutPerResponse(fromMemory)).isEqualTo(withoutPerResponse(fromStore));
    assertThat(withoutPerResponse(again)).isEqualTo(withoutPerResponse(fromStore));
    assertThat(fromMemory.headers().firstValue("X-Edge-Request-Id"))
        .isNotEqualTo(again.headers().firstValue("X-Edge-Request-Id"));
  }

  /** Every field but those that differ from one response to the next. */
  private static java.util.Map<String, List<String>> withoutPerResponse(HttpResponse<?> r) {
    java.util.Map<String, List<String>> m = new java.util.TreeMap<>(r.headers().map());
    m.keySet().removeAll(List.of("age", "x-edge-request-id", "date"));
    return m;
  }

  @Test
  void aGetWithABodyInPiecesIsAnsweredFromMemoryAndTheConnectionStaysInStep() throws Exception {
    edge.get("/piecewise");
    edge.get("/piecewise"); // from the store: now kept in memory
    long before = memoryHits();
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /piecewise HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("p\n");
      raw.send("GET /piecewise HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().text()).as("the next request on the same connection").isEqualTo("p\n");
    }
    assertThat(memoryHits() - before).isEqualTo(2);
  }

  @Test
  void anUnsafeRequestInvalidatesTheCopyInMemoryForTheVeryNextRequest() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      for (int i = 0; i < 10; i++) {
        String expected = "m" + mutable.get() + "\n";
        for (int j = 0; j < 3; j++) { // miss, hit from the store (kept in memory), hit from memory
          raw.send("GET /mutable HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(raw.read().text()).isEqualTo(expected);
        }
        raw.send("DELETE /mutable HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(raw.read().status()).isEqualTo(200);
        raw.send("GET /mutable HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response after = raw.read();
        assertThat(after.text()).as("round %d", i).isEqualTo("m" + mutable.get() + "\n");
        assertThat(after.headers().get("x-cache")).startsWith("Miss");
      }
    }
  }

  @Test
  void anInvalidationIsNeverHiddenByTheCopyInMemory() throws Exception {
    version.set(1);
    for (int i = 0; i < 4; i++) {
      assertThat(edge.get("/versioned").body()).isEqualTo("v1\n");
    }
    version.set(2);
    assertThat(edge.get("/versioned").body()).as("cached for an hour").isEqualTo("v1\n");
    HttpResponse<String> created = edge.client.send(HttpRequest.newBuilder(edge.admin("/invalidations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"paths\": [\"/versioned\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> after = edge.get("/versioned");
    assertThat(after.body()).isEqualTo("v2\n");
    assertThat(xcache(after)).startsWith("Miss");
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/versioned").body()).isEqualTo("v2\n");
    }
  }

  @Test
  void aNewVersionAtTheOriginReplacesTheCopyInMemoryOnceStale() throws Exception {
    shortVersion.set(1);
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/short").body()).isEqualTo("s1\n");
    }
    shortVersion.set(2);
    // Fresh for 1 s: then revalidated; the new ETag brings the new body, and nothing serves s1 after.
    Await.until(Duration.ofSeconds(10), () -> "s2\n".equals(bodyQuietly("/short")), "the new version");
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/short").body()).isEqualTo("s2\n");
    }
  }

  @Test
  void variantsStayApartInMemory() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/lang", "Accept-Language", "fr").body()).isEqualTo("page in fr\n");
      assertThat(edge.get("/lang", "Accept-Language", "de").body()).isEqualTo("page in de\n");
      assertThat(edge.get("/lang").body()).isEqualTo("page in none\n");
    }
    long before = memoryHits();
    assertThat(edge.get("/lang", "Accept-Language", "de").body()).isEqualTo("page in de\n");
    assertThat(edge.get("/lang", "Accept-Language", "fr").body()).isEqualTo("page in fr\n");
    assertThat(memoryHits() - before).isEqualTo(2);
    assertThat(origin.requestsFor("/lang")).isEqualTo(3);
  }

  @Test
  void anAuthorizedRequestIsNotAnsweredFromMemoryUnlessTheResponseAllowsIt() throws Exception {
    String path = "/gen/1000/authz?cc=max-age%3D600";
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get(path).statusCode()).isEqualTo(200);
    }
    long requests = origin.requestsFor("/gen/1000/authz");
    HttpResponse<String> authorized = edge.get(path, "Authorization", "Bearer x");
    assertThat(xcache(authorized)).doesNotStartWith("Hit");
    assertThat(origin.requestsFor("/gen/1000/authz")).isEqualTo(requests + 1);
  }

  @Test
  void theTierReportsItsSize() throws Exception {
    edge.get("/gen/2000/sized?cc=max-age%3D600");
    edge.get("/gen/2000/sized?cc=max-age%3D600");
    JsonNode memory = stats().path("memory");
    assertThat(memory.path("objects").asLong()).isPositive();
    assertThat(memory.path("bytes").asLong()).isGreaterThanOrEqualTo(2000);
    assertThat(memory.path("maxBytes").asLong()).isPositive();
  }
}
