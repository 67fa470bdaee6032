package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge as a streaming proxy, over real sockets: passthrough, routing, errors, limits. */
class ProxyIT {
  @TempDir
  static Path dir;

  static TestOrigin files;
  static TestOrigin videos;
  static EdgeHarness edge;
  static int deadPort;

  @BeforeAll
  static void start() throws IOException {
    files = TestOrigin.start()
        .route("/hello.txt", s -> TestOrigin.Reply.text(200, "hello world\n",
            "Content-Type", "text/plain", "Cache-Control", "max-age=60"))
        .route("/upload", s -> TestOrigin.Reply.text(201, s.bodyLength() + " " + s.bodySha256()));
    videos = TestOrigin.start()
        .route("/videos/a.m3u8", s -> TestOrigin.Reply.text(200, "#EXTM3U\n"))
        .route("/videos/b.m3u8", s -> TestOrigin.Reply.text(200, "#EXTM3U\n"));
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    edge = EdgeHarness.start(dir,
        "  limits: { requestHeaderTimeout: 500ms, idleTimeout: 5s }\n",
        "  origins:\n"
            + "    - { id: files, url: " + files.url() + ", readTimeout: 1s }\n"
            + "    - { id: videos, url: " + videos.url() + " }\n"
            + "    - { id: dead, url: http://127.0.0.1:" + deadPort + ", connectTimeout: 1s, connectionAttempts: 2 }\n"
            + "  defaultCacheBehavior: { targetOriginId: files }\n"
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/videos/*\", targetOriginId: videos }\n"
            + "    - { pathPattern: \"/dead/*\", targetOriginId: dead }\n"
            + "    - { pathPattern: \"/secure/*\", targetOriginId: files, viewerProtocolPolicy: https-only }\n"
            + "    - { pathPattern: \"/redir/*\", targetOriginId: files, viewerProtocolPolicy: redirect-to-https }\n"
            + "    - { pathPattern: \"/upload\", targetOriginId: files, allowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE] }\n");
  }

  @AfterAll
  static void stop() {
    edge.close();
    files.close();
    videos.close();
  }

  @Test
  void getPassesThroughWithProxyHeaders() throws Exception {
    HttpResponse<String> r = edge.get("/hello.txt?x=1", "X-Forwarded-For", "203.0.113.9");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello world\n");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=60");
    assertThat(r.headers().firstValue("Via")).hasValueSatisfying(v -> assertThat(v).contains("test-edge"));
    assertThat(r.headers().firstValue("X-Cache")).hasValue("Miss from test-edge");
    assertThat(r.headers().firstValue("X-Edge-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSizeGreaterThan(15));
    TestOrigin.Seen seen = files.requests().stream().filter(s -> s.uri().equals("/hello.txt?x=1")).findFirst().orElseThrow();
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(seen.header("Via")).contains("test-edge");
    assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + files.port());
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + edge.edge.port());
  }

  @Test
  void eachResponseGetsItsOwnRequestId() throws Exception {
    String a = edge.get("/hello.txt").headers().firstValue("X-Edge-Request-Id").orElseThrow();
    String b = edge.get("/hello.txt").headers().firstValue("X-Edge-Request-Id").orElseThrow();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void headPassesThroughWithoutABody() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("HEAD /gen/123456 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = raw.read(true);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("content-length")).isEqualTo("123456");
      assertThat(r.headers().get("etag")).isNotBlank();
      // The connection stays usable: the next response is exactly the next one.
      raw.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().text()).isEqualTo("hello world\n");
    }
  }

  @Test
  void routesByPathPatternFirstMatchWins() throws Exception {
    HttpResponse<String> r = edge.get("/videos/a.m3u8");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("#EXTM3U\n");
    assertThat(videos.requestsFor("/videos/a.m3u8")).isEqualTo(1);
    assertThat(files.requestsFor("/videos/a.m3u8")).isZero();
  }

  @Test
  void originNotFoundPassesThrough() throws Exception {
    HttpResponse<String> r = edge.get("/missing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("not found\n");
    assertThat(r.headers().firstValue("X-Cache")).hasValue("Miss from test-edge");
  }

  @Test
  void deadOriginIs502WithAReason() throws Exception {
    HttpResponse<String> r = edge.get("/dead/x");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("origin 'dead'").contains("unreachable").doesNotContain("Exception");
    assertThat(r.headers().firstValue("X-Cache")).hasValue("Error from test-edge");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void slowOriginIs504() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = edge.get("/gen/100?delayMs=3000");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("did not start a response within 1000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
  }

  @Test
  void streamsGeneratedBodiesExactly() throws Exception {
    long size = 3_000_001;
    HttpResponse<InputStream> r = edge.client.send(
        HttpRequest.newBuilder(edge.uri("/gen/" + size + "/x.bin")).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(size);
    try (InputStream in = r.body()) {
      assertThat(DeterministicBytes.verify(TestOrigin.seedOf("/gen/" + size + "/x.bin"), 0, in)).isEqualTo(size);
    }
  }

  @Test
  void chunkedOriginBodyStreamsChunked() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /gen/200000/c?chunked=1 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
      assertThat(r.body()).hasSize(200000);
      assertThat(r.body()[199999]).isEqualTo(DeterministicBytes.at(TestOrigin.seedOf("/gen/200000/c"), 199999));
    }
  }

  @Test
  void truncatedOriginBodyAbortsTheViewer() throws Exception {
    // Cut mid-body: the viewer's connection is cut. Cut before the viewer's response started: 502.
    try {
      HttpResponse<byte[]> r = edge.getBytes("/gen/1000000/t?cutAfter=70000");
      assertThat(r.statusCode()).as("a body of " + r.body().length + " bytes").isEqualTo(502);
    } catch (IOException expected) {
      // cut
    }
  }

  @Test
  void uploadsStreamToTheOrigin() throws Exception {
    byte[] body = new byte[5 << 20];
    DeterministicBytes.fill(7, 0, body, 0, body.length);
    HttpResponse<String> r = edge.send(HttpRequest.newBuilder(edge.uri("/upload"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo(body.length + " " + DeterministicBytes.sha256(7, 0, body.length));
  }

  @Test
  void chunkedUploadStreamsToTheOrigin() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.text()).startsWith("11 ");
    }
  }

  @Test
  void methodsOutsideTheBehaviorAre403() throws Exception {
    HttpResponse<String> r = edge.send(HttpRequest.newBuilder(edge.uri("/hello.txt"))
        .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("method POST is not allowed");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /gen/70000/p1 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /videos/b.m3u8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(raw.read().body()).hasSize(70000);
      assertThat(raw.read().text()).isEqualTo("hello world\n");
      RawHttp.Response last = raw.read();
      assertThat(last.text()).isEqualTo("#EXTM3U\n");
      assertThat(last.headers().get("connection")).isEqualTo("close");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void http10ViewerGetsACloseDelimitedBody() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /gen/5000/h10?chunked=1 HTTP/1.0\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers()).doesNotContainKey("transfer-encoding");
      assertThat(r.body()).hasSize(5000);
    }
  }

  @Test
  void badTargetsAre400() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /videos/../secret HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).contains("dot-segment");
    }
  }

  @Test
  void longRequestLineIs414() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(414);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void largeHeadersAre431() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20000) + "\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(431);
    }
  }

  @Test
  void slowRequestHeadIs408() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void aSlowHeadAfterAKeepAliveResponseIs408WithinTheHeadTimeout() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      // The connection's idle limit (5 s) is pending; a started head has 500 ms.
      long started = System.nanoTime();
      raw.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(raw.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void theIdleLimitCountsFromTheLastResponse() throws Exception {
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      long opened = System.nanoTime();
      // Three requests the origin answers after 900 ms each (under its 1 s read limit), back to
      // back: the last response comes about 2.7 s after the connection opened, so its first idle
      // deadline (5 s after it opened) passes first, and the limit must then run from the response.
      for (int i = 0; i < 3; i++) {
        raw.send("GET /gen/10/idle-" + i + "?delayMs=900 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(raw.read().status()).isEqualTo(200);
      }
      long answered = System.nanoTime();
      assertThat(Duration.ofNanos(answered - opened)).isGreaterThan(Duration.ofMillis(2_600));
      assertThat(raw.closedByServer()).isTrue();
      long closed = System.nanoTime();
      assertThat(Duration.ofNanos(closed - answered)).isGreaterThan(Duration.ofMillis(4_500));
    }
  }

  @Test
  void viewerProtocolPolicies() throws Exception {
    HttpResponse<String> only = edge.get("/secure/a");
    assertThat(only.statusCode()).isEqualTo(403);
    assertThat(only.body()).contains("HTTPS only");
    try (RawHttp raw = new RawHttp(edge.edge.port())) {
      raw.send("GET /redir/a?x=1 HTTP/1.1\r\nHost: video.example.com:8080\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(301);
      assertThat(r.headers().get("location")).isEqualTo("https://video.example.com/redir/a?x=1");
    }
  }

  @Test
  void requestLoopsAreStoppedWith508() throws Exception {
    assertThat(edge.get("/hello.txt", "CDN-Loop", "streamedge, other-cdn, streamedge, streamedge").statusCode())
        .isEqualTo(508);
    assertThat(edge.get("/gen/10/loop", "CDN-Loop", "streamedge").statusCode()).isEqualTo(200);
    TestOrigin.Seen seen = files.requests().stream().filter(s -> s.uri().equals("/gen/10/loop")).findFirst()
        .orElseThrow();
    assertThat(seen.header("CDN-Loop")).isEqualTo("streamedge, streamedge");
  }

  @Test
  void adminHealth() throws Exception {
    HttpResponse<String> r = edge.client.send(HttpRequest.newBuilder(edge.admin("/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
  }
}
