package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge as a shared cache over real sockets with a real RocksDB store. */
class CacheIT {
  @TempDir
  static Path dir;

  static TestOrigin origin;
  static EdgeHarness edge;
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger version = new AtomicInteger(1);

  @BeforeAll
  static void start() {
    origin = TestOrigin.start()
        .route("/vary/page", s -> {
          String lang = s.header("Accept-Language") == null ? "none" : s.header("Accept-Language");
          return TestOrigin.Reply.text(200, "page in " + lang + "\n", "Vary", "Accept-Language",
              "Cache-Control", "max-age=60");
        })
        .route("/nostore", s -> TestOrigin.Reply.text(200, "private\n", "Cache-Control", "no-store"))
        .route("/versioned", s -> TestOrigin.Reply.text(200, "v" + version.get() + "\n",
            "Cache-Control", "max-age=3600", "ETag", "\"v" + version.get() + "\""))
        .route("/posted", s -> s.method().equals("POST")
            ? TestOrigin.Reply.text(201, "created\n")
            : TestOrigin.Reply.text(200, "v" + version.get() + "\n", "Cache-Control", "max-age=3600"));
    edge = EdgeHarness.start(dir, "",
        "  origins:\n"
            + "    - { id: o, url: " + origin.url() + ", readTimeout: 5s }\n"
            + "  defaultCacheBehavior: { targetOriginId: o, defaultTtl: 60 }\n"
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/posted\", targetOriginId: o, allowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE] }\n"
            + "    - pathPattern: \"/keyed/*\"\n"
            + "      targetOriginId: o\n"
            + "      cachePolicy: { queryStrings: { behavior: allowList, items: [v] }, headers: { behavior: allowList, items: [X-Tier] } }\n");
  }

  @AfterAll
  static void stop() {
    edge.close();
    origin.close();
  }

  private static String xcache(HttpResponse<?> r) {
    return r.headers().firstValue("X-Cache").orElse("");
  }

  @Test
  void missThenHitWithAge() throws Exception {
    HttpResponse<String> first = edge.get("/gen/5000/hit?cc=max-age%3D60");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(xcache(first)).isEqualTo("Miss from test-edge");
    HttpResponse<byte[]> second = edge.getBytes("/gen/5000/hit?cc=max-age%3D60");
    assertThat(xcache(second)).isEqualTo("Hit from test-edge");
    assertThat(second.headers().firstValue("Age")).isPresent();
    assertThat(second.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(second.body()).hasSize(5000);
    assertThat(second.body()[4999]).isEqualTo(DeterministicBytes.at(TestOrigin.seedOf("/gen/5000/hit"), 4999));
    assertThat(origin.requestsFor("/gen/5000/hit")).isEqualTo(1);
  }

  @Test
  void theCachePolicyDecidesTheKey() throws Exception {
    assertThat(xcache(edge.get("/keyed/a?v=1&session=x"))).startsWith("Miss");
    assertThat(xcache(edge.get("/keyed/a?session=y&v=1"))).startsWith("Hit");
    assertThat(xcache(edge.get("/keyed/a?v=2"))).startsWith("Miss");
    assertThat(xcache(edge.get("/keyed/a?v=1", "X-Tier", "gold"))).startsWith("Miss");
    assertThat(xcache(edge.get("/keyed/a?v=1", "X-Tier", "gold"))).startsWith("Hit");
    // Everything still reaches the origin on a fill (the origin request policy defaults to all).
    assertThat(origin.uris()).contains("GET /keyed/a?v=1&session=x");
  }

  @Test
  void noStoreIsNeverServedFromCache() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/nostore").body()).isEqualTo("private\n");
    }
    assertThat(origin.requestsFor("/nostore")).isEqualTo(3);
  }

  @Test
  void fiftyConcurrentMissesMakeOneOriginRequestEvenWhenTheFirstViewerLeaves() throws Exception {
    String path = "/gen/300000/collapse";
    // The first viewer asks, then disconnects before the (1 s late) response.
    try (Socket s = new Socket("127.0.0.1", edge.edge.port())) {
      s.getOutputStream().write(("GET " + path + "?delayMs=1000&cc=max-age%3D60 HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      Await.until(Duration.ofSeconds(5), () -> origin.requestsFor(path) == 1, "the origin request");
    }
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      all.add(edge.client.sendAsync(HttpRequest.newBuilder(edge.uri(path + "?delayMs=1000&cc=max-age%3D60")).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    String expected = DeterministicBytes.sha256(TestOrigin.seedOf(path), 0, 300000);
    for (CompletableFuture<HttpResponse<byte[]>> f : all) {
      HttpResponse<byte[]> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(DeterministicBytes.hex(DeterministicBytes.sha256().digest(r.body()))).isEqualTo(expected);
    }
    assertThat(origin.requestsFor(path)).isEqualTo(1);
    // And the fill completed although its first viewer left: now a hit.
    assertThat(xcache(edge.getBytes(path + "?delayMs=1000&cc=max-age%3D60"))).isEqualTo("Hit from test-edge");
    assertThat(origin.requestsFor(path)).isEqualTo(1);
  }

  @Test
  void staleIsRevalidatedWithAConditionalRequest() throws Exception {
    String path = "/gen/1000/reval";
    String q = "?cc=max-age%3D1";
    assertThat(xcache(edge.get(path + q))).startsWith("Miss");
    Await.until(Duration.ofSeconds(10), () -> xcache(getQuietly(path + q)).startsWith("RefreshHit"),
        "a RefreshHit after the entry went stale");
    TestOrigin.Seen conditional = origin.requests().stream()
        .filter(s -> s.uri().startsWith(path) && s.header("If-None-Match") != null).findFirst().orElseThrow();
    assertThat(conditional.header("If-None-Match")).startsWith("\"");
  }

  @Test
  void staleWhileRevalidateServesAtOnceAndRefreshesInTheBackground() throws Exception {
    String path = "/gen/1000/swr";
    String q = "?cc=max-age%3D1%2C%20stale-while-revalidate%3D60&delayMs=300";
    edge.get(path + q);
    long before = origin.requestsFor(path);
    Await.until(Duration.ofSeconds(10), () -> origin.requestsFor(path) > before || served(path + q, before),
        "a background refresh");
  }

  private static boolean served(String pq, long before) {
    HttpResponse<String> r = getQuietly(pq);
    return r != null && xcache(r).startsWith("Hit") && origin.requestsFor(pq.substring(0, pq.indexOf('?'))) > before;
  }

  @Test
  void staleIfErrorServesStaleWhenTheOriginIsDown() throws Exception {
    TestOrigin dying = TestOrigin.start();
    try (EdgeHarness e2 = EdgeHarness.start(dir.resolve("sie"), "",
        EdgeHarness.oneOrigin(dying.url(), "connectTimeout: 500ms, connectionAttempts: 1"))) {
      String pq = "/gen/2000/sie?cc=max-age%3D1%2C%20stale-if-error%3D600";
      assertThat(e2.get(pq).statusCode()).isEqualTo(200);
      dying.close();
      // Once stale, the dead origin (connection refused) counts as an error: the stale copy is served.
      Await.until(Duration.ofSeconds(10), () -> {
        try {
          HttpResponse<byte[]> r = e2.getBytes(pq);
          return r.statusCode() == 200 && r.body().length == 2000 && r.headers().firstValueAsLong("Age").orElse(0) >= 1;
        } catch (Exception e) {
          return false;
        }
      }, "a stale copy served while the origin is down");
      // Without stale-if-error the same outage is a 502.
      assertThat(e2.get("/gen/10/other").statusCode()).isEqualTo(502);
    }
  }

  @Test
  void varyKeepsVariantsApart() throws Exception {
    assertThat(edge.get("/vary/page", "Accept-Language", "fr").body()).isEqualTo("page in fr\n");
    assertThat(edge.get("/vary/page", "Accept-Language", "de").body()).isEqualTo("page in de\n");
    HttpResponse<String> fr = edge.get("/vary/page", "Accept-Language", "fr");
    assertThat(fr.body()).isEqualTo("page in fr\n");
    assertThat(xcache(fr)).startsWith("Hit");
    assertThat(origin.requestsFor("/vary/page")).isEqualTo(2);
  }

  @Test
  void aSuccessfulPostInvalidatesTheUrl() throws Exception {
    assertThat(edge.get("/posted").body()).isEqualTo("v" + version.get() + "\n");
    assertThat(xcache(edge.get("/posted"))).startsWith("Hit");
    HttpResponse<String> post = edge.send(HttpRequest.newBuilder(edge.uri("/posted"))
        .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(201);
    Await.until(Duration.ofSeconds(5), () -> xcache(getQuietly("/posted")).startsWith("Miss"),
        "the GET after the POST to miss");
  }

  @Test
  void errorsAreCachedBriefly() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(edge.get("/missing-thing").statusCode()).isEqualTo(404);
    }
    assertThat(origin.requestsFor("/missing-thing")).isEqualTo(1);
  }

  @Test
  void invalidationApiRemovesPathsAndAnswersCompleted() throws Exception {
    version.set(1);
    assertThat(edge.get("/versioned").body()).isEqualTo("v1\n");
    version.set(2);
    assertThat(edge.get("/versioned").body()).isEqualTo("v1\n"); // cached
    HttpResponse<String> created = edge.client.send(HttpRequest.newBuilder(edge.admin("/invalidations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"paths\": [\"/versioned\", \"/nothing/*\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode inv = JSON.readTree(created.body());
    assertThat(inv.path("status").asText()).isEqualTo("Completed");
    assertThat(edge.get("/versioned").body()).isEqualTo("v2\n");
    HttpResponse<String> read = edge.client.send(HttpRequest.newBuilder(edge.admin("/invalidations/" + inv.path("id").asText())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).path("paths").path("quantity").asInt()).isEqualTo(2);
    HttpResponse<String> bad = edge.client.send(HttpRequest.newBuilder(edge.admin("/invalidations"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"paths\": [\"videos/*\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("videos/*");
  }

  @Test
  void viewerConditionalsAndRangesAreAnsweredFromTheCache() throws Exception {
    String path = "/gen/100000/ranges?cc=max-age%3D600";
    HttpResponse<String> first = edge.get(path);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> notModified = edge.get(path, "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    long seed = TestOrigin.seedOf("/gen/100000/ranges");
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=99990-\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(206);
      assertThat(r.headers().get("content-range")).isEqualTo("bytes 99990-99999/100000");
      assertThat(r.body()).hasSize(10);
      assertThat(r.body()[0]).isEqualTo(DeterministicBytes.at(seed, 99990));

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,-2\r\n\r\n");
      RawHttp.Response multi = raw.read();
      assertThat(multi.status()).isEqualTo(206);
      assertThat(multi.headers().get("content-type")).startsWith("multipart/byteranges; boundary=");
      assertThat(multi.text()).contains("Content-Range: bytes 0-1/100000").contains("Content-Range: bytes 99998-99999/100000");

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=200000-\r\n\r\n");
      RawHttp.Response unsatisfiable = raw.read();
      assertThat(unsatisfiable.status()).isEqualTo(416);
      assertThat(unsatisfiable.headers().get("content-range")).isEqualTo("bytes */100000");

      raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: \"stale-etag\"\r\n\r\n");
      RawHttp.Response ignored = raw.read();
      assertThat(ignored.status()).isEqualTo(200);
      assertThat(ignored.body()).hasSize(100000);

      raw.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = raw.read(true);
      assertThat(head.headers().get("content-length")).isEqualTo("100000");
    }
    assertThat(origin.requestsFor("/gen/100000/ranges")).isEqualTo(1);
  }

  @Test
  void aRangeOnAMissIsServedWhileTheFillRuns() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /gen/2000000/rmiss HTTP/1.1\r\nHost: x\r\nRange: bytes=1500000-1500009\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(206);
      assertThat(r.body()[9]).isEqualTo(DeterministicBytes.at(TestOrigin.seedOf("/gen/2000000/rmiss"), 1500009));
    }
    TestOrigin.Seen seen = origin.requests().stream().filter(s -> s.uri().startsWith("/gen/2000000/rmiss"))
        .findFirst().orElseThrow();
    // The fill asked for the first sliceThreshold bytes (8 MiB by default): the whole 2 MB object.
    assertThat(seen.header("Range")).isEqualTo("bytes=0-8388607");
    assertThat(origin.requestsFor("/gen/2000000/rmiss")).isEqualTo(1);
  }

  @Test
  void aTruncatedOriginBodyIsNeverCached() throws Exception {
    String pq = "/gen/1000000/cut?cutAfter=100000&cc=max-age%3D600";
    for (int i = 0; i < 2; i++) {
      assertNeverACompleteBody(pq);
    }
    // Nothing was committed under the key (a fill in flight may still be aborting: wait for it).
    String key = "/gen/1000000/cut?cutAfter=100000&cc=max-age%3D600 ";
    Await.until(Duration.ofSeconds(5), () -> {
      java.util.Optional<dev.streamedge.store.ObjectReader> r = edge.edge.store().lookup(key);
      r.ifPresent(dev.streamedge.store.ObjectReader::close);
      return r.isEmpty() || r.get().state() != dev.streamedge.store.ObjectState.COMMITTED;
    }, "no committed object for the truncated response");
  }

  /** The viewer sees a cut connection (cut mid-body) or a 502 (cut before it started): never a clean 200. */
  private static void assertNeverACompleteBody(String pq) throws Exception {
    HttpResponse<InputStream> r;
    try {
      r = edge.client.send(HttpRequest.newBuilder(edge.uri(pq)).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException cutBeforeTheHead) {
      return;
    }
    try (InputStream in = r.body()) {
      int n = in.readAllBytes().length;
      assertThat(r.statusCode()).as("a complete-looking body of " + n + " bytes").isEqualTo(502);
    } catch (IOException expected) {
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> getQuietly(String pq) {
    try {
      return edge.get(pq);
    } catch (Exception e) {
      return null;
    }
  }
}
