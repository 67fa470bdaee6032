package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Origin groups: every failover trigger and non-trigger, mid-body failover, stuck live playlists. */
class FailoverIT {
  @TempDir
  Path dir;

  TestOrigin a;
  TestOrigin b;
  EdgeHarness edge;
  int deadPort;

  @BeforeEach
  void origins() throws IOException {
    a = TestOrigin.start()
        .route("/status/503", s -> TestOrigin.Reply.text(503, "a is overloaded\n"))
        .route("/status/404", s -> TestOrigin.Reply.text(404, "a has no such thing\n"))
        .route("/upload", s -> TestOrigin.Reply.text(503, "a is overloaded\n"));
    b = TestOrigin.start()
        .route("/status/503", s -> TestOrigin.Reply.text(200, "b answers\n"))
        .route("/status/404", s -> TestOrigin.Reply.text(200, "b answers\n"))
        .route("/upload", s -> TestOrigin.Reply.text(200, "b took it\n"));
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    a.close();
    b.close();
  }

  private void startEdge(String groupExtra, String behaviorExtra) {
    edge = EdgeHarness.start(dir, "",
        "  origins:\n"
            + "    - { id: a, url: " + a.url() + ", readTimeout: 700ms, connectTimeout: 500ms, connectionAttempts: 1 }\n"
            + "    - { id: b, url: " + b.url() + ", readTimeout: 5s }\n"
            + "    - { id: dead, url: http://127.0.0.1:" + deadPort + ", connectTimeout: 500ms, connectionAttempts: 1 }\n"
            + "  originGroups:\n"
            + "    - { id: ab, members: [a, b]" + groupExtra + " }\n"
            + "    - { id: deadb, members: [dead, b] }\n"
            + "  defaultCacheBehavior: { targetOriginId: ab, defaultTtl: 0" + behaviorExtra + " }\n"
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/viadead/*\", targetOriginId: deadb }\n"
            + "    - { pathPattern: \"/upload\", targetOriginId: ab, allowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE] }\n");
  }

  @Test
  void aConfiguredStatusFailsOver() throws Exception {
    startEdge("", "");
    HttpResponse<String> r = edge.get("/status/503");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("b answers\n");
    assertThat(a.requestsFor("/status/503")).isEqualTo(1);
  }

  @Test
  void a404FailsOverOnlyWhenConfigured() throws Exception {
    startEdge("", "");
    assertThat(edge.get("/status/404").statusCode()).isEqualTo(404);
    edge.close();
    edge = null;
    dir = dir.resolve("second");
    startEdge(", failoverCriteria: { statusCodes: [404, 503] }", "");
    assertThat(edge.get("/status/404").body()).isEqualTo("b answers\n");
  }

  @Test
  void aRefusedConnectionFailsOver() throws Exception {
    startEdge("", "");
    HttpResponse<String> r = edge.get("/viadead/x");
    assertThat(r.statusCode()).isEqualTo(404); // b's answer for an unknown path: it was reached
    assertThat(b.requestsFor("/viadead/x")).isEqualTo(1);
  }

  @Test
  void aResponseThatDoesNotStartInTimeFailsOver() throws Exception {
    startEdge("", "");
    a.delayAll(Duration.ofSeconds(3));
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = edge.getBytes("/gen/1000/slow");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(1000);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
    assertThat(b.requestsFor("/gen/1000/slow")).isEqualTo(1);
  }

  @Test
  void aPostNeverFailsOver() throws Exception {
    startEdge("", "");
    HttpResponse<String> r = edge.send(HttpRequest.newBuilder(edge.uri("/upload"))
        .POST(HttpRequest.BodyPublishers.ofString("data")));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(b.requestsFor("/upload")).isZero();
  }

  @Test
  void whenEveryMemberFailsTheViewerGetsAClearError() throws Exception {
    startEdge("", "");
    a.delayAll(Duration.ofSeconds(3));
    b.close();
    HttpResponse<String> r = edge.get("/gen/10/none");
    assertThat(r.statusCode()).isIn(502, 504);
    assertThat(r.body()).contains("origin 'b'");
  }

  @Test
  void midBodyFailoverDeliversOneIntactBodyFromCacheFillsAndPassThrough() throws Exception {
    startEdge("", "");
    a.cutEveryBodyAfter(300_000);
    long size = 2_000_000;
    for (String q : new String[] {"?cc=max-age%3D60", "?cc=no-store"}) {
      String path = "/gen/" + size + "/mid" + q.length();
      HttpResponse<byte[]> r = edge.getBytes(path + q);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(DeterministicBytes.hex(DeterministicBytes.sha256().digest(r.body())))
          .as("same SHA-256 as a clean download (" + q + ")")
          .isEqualTo(DeterministicBytes.sha256(TestOrigin.seedOf(path), 0, size));
      TestOrigin.Seen resumed = b.requests().stream().filter(s -> s.uri().startsWith(path)).findFirst().orElseThrow();
      assertThat(resumed.header("Range")).isEqualTo("bytes=300000-" + (size - 1));
      assertThat(resumed.header("If-Range")).startsWith("\"");
    }
  }

  @Test
  void aDifferentObjectOnTheSecondaryAbortsInsteadOfSplicing() throws Exception {
    startEdge("", "");
    a.cutEveryBodyAfter(100_000);
    b.etagVariant("v2");
    assertThatThrownBy(() -> edge.getBytes("/gen/1000000/changed?cc=max-age%3D60")).isInstanceOf(IOException.class);
    // Nothing torn was cached: the next request is a fresh fill (and b's whole object now).
    a.cutEveryBodyAfter(-1);
    a.close();
    HttpResponse<byte[]> r = edge.getBytes("/gen/1000000/changed?cc=max-age%3D60");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(1_000_000);
  }

  @Test
  void failoversAreCountedAndAFailingMemberIsSkippedForACoolDown() throws Exception {
    startEdge("", "");
    a.delayAll(Duration.ofSeconds(3));
    for (int i = 0; i < 4; i++) {
      assertThat(edge.get("/gen/10/cool" + i).statusCode()).isEqualTo(200);
    }
    long aBefore = a.requests().size();
    assertThat(aBefore).isEqualTo(3); // marked down after 3 failures in a row
    assertThat(edge.get("/gen/10/skipped").statusCode()).isEqualTo(200);
    assertThat(a.requests().size()).isEqualTo(aBefore);
    JsonNode origins = new ObjectMapper().readTree(edge.client.send(
        HttpRequest.newBuilder(edge.admin("/origins")).build(), HttpResponse.BodyHandlers.ofString()).body());
    JsonNode aStats = null;
    for (JsonNode o : origins.path("origins")) {
      if (o.path("id").asText().equals("a")) {
        aStats = o;
      }
    }
    assertThat(aStats).isNotNull();
    assertThat(aStats.path("failovers").asLong()).isEqualTo(3);
    assertThat(aStats.path("state").asText()).isEqualTo("down");
  }

  @Test
  void aLivePlaylistThatStopsAdvancingCountsAsAFailure() throws Exception {
    AtomicLong bSequence = new AtomicLong(100);
    a.route("/live/x/index.m3u8", s -> TestOrigin.Reply.text(200, playlist(100),
        "Content-Type", "application/vnd.apple.mpegurl", "Cache-Control", "max-age=1"));
    b.route("/live/x/index.m3u8", s -> TestOrigin.Reply.text(200, playlist(bSequence.incrementAndGet()),
        "Content-Type", "application/vnd.apple.mpegurl", "Cache-Control", "max-age=1"));
    startEdge("", "");
    assertThat(edge.get("/live/x/index.m3u8").body()).contains("#EXT-X-MEDIA-SEQUENCE:100");
    // a keeps answering 200 with sequence 100; after 3 target durations (3 s) it counts as failed.
    Await.until(Duration.ofSeconds(15), () -> {
      try {
        return !edge.get("/live/x/index.m3u8").body().contains("#EXT-X-MEDIA-SEQUENCE:100\n");
      } catch (Exception e) {
        return false;
      }
    }, "the edge to serve b's advancing playlist");
    assertThat(b.requestsFor("/live/x/index.m3u8")).isPositive();
  }

  private static String playlist(long sequence) {
    StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:")
        .append(sequence).append('\n');
    for (long i = sequence; i < sequence + 3; i++) {
      sb.append("#EXTINF:1.000,\nseg").append(i).append(".ts\n");
    }
    return sb.toString();
  }
}
