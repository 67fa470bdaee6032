package dev.streamedge.perf.bench.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.perf.bench.load.CollapseProbe;
import dev.streamedge.perf.bench.load.LiveViewers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench origin over real sockets, and the Java clients against it (no cache in between). */
class BenchOriginIT {
  private static final Duration SEGMENT = Duration.ofMillis(500);
  private static BenchOrigin origin;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    origin = BenchOrigin.start(new BenchOrigin.Settings(Duration.ofMillis(300), 100_000, Duration.ZERO, 50_000,
        SEGMENT, 4), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(origin.baseUri().resolve(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), BodyHandlers.ofByteArray());
  }

  @Test
  void slowObjectsArriveAfterTheDelayAndAreCounted() throws Exception {
    double seconds = CollapseProbe.timeOne(origin.baseUri().resolve("/slow/a"), Duration.ofSeconds(10));
    assertThat(seconds).isGreaterThanOrEqualTo(0.3).isLessThan(5);
    HttpResponse<byte[]> r = get("/slow/a");
    assertThat(r.body()).hasSize(100_000);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("max-age=60");
    assertThat(origin.requests("/slow/a")).isEqualTo(2);
  }

  @Test
  void liveStreamsServeTheirWindowAndNothingAhead() throws Exception {
    origin.openLiveStream("s1", new LiveTimeline(Clock.systemUTC().instant().minus(SEGMENT.multipliedBy(4)), SEGMENT, 4));
    HttpResponse<byte[]> playlist = get("/live/s1/index.m3u8");
    assertThat(playlist.statusCode()).isEqualTo(200);
    assertThat(playlist.headers().firstValue("Cache-Control")).hasValue("max-age=1");
    String text = new String(playlist.body());
    assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:0", "seg-0.ts", "seg-2.ts");
    String etag = playlist.headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> seg = get("/live/s1/seg-1.ts");
    assertThat(seg.statusCode()).isEqualTo(200);
    assertThat(seg.body()).hasSize(50_000);
    assertThat(seg.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, immutable");

    assertThat(get("/live/s1/seg-1000.ts").statusCode()).isEqualTo(404);
    assertThat(get("/live/nope/index.m3u8").statusCode()).isEqualTo(404);
    int conditional = get("/live/s1/index.m3u8", "If-None-Match", etag).statusCode();
    assertThat(conditional).isIn(200, 304); // 200 only if a segment completed in between
    assertThat(origin.requestsUnder("/live/s1/")).containsEntry("/live/s1/seg-1.ts", 1L);
  }

  @Test
  void viewersFollowTheStreamAndFetchEachNewSegmentOnce() throws Exception {
    origin.openLiveStream("s2", new LiveTimeline(Clock.systemUTC().instant().minus(SEGMENT.multipliedBy(4)), SEGMENT, 4));
    LiveViewers.Result r = new LiveViewers(5, SEGMENT.dividedBy(2), Duration.ofSeconds(2))
        .run(URI.create(origin.baseUri() + "/live/s2/index.m3u8"));
    assertThat(r.failures()).isZero();
    assertThat(r.segments()).isGreaterThanOrEqualTo(5 * 2);
    assertThat(r.p99TtfbMillis()).isPositive();
    Map<String, Long> counts = origin.requestsUnder("/live/s2/");
    counts.forEach((path, n) -> {
      if (path.endsWith(".ts")) {
        assertThat(n).as(path).isLessThanOrEqualTo(5); // no cache in between: once per viewer at most
      }
    });
    long segmentRequests = counts.entrySet().stream().filter(e -> e.getKey().endsWith(".ts"))
        .mapToLong(Map.Entry::getValue).sum();
    assertThat(segmentRequests).isEqualTo(r.segments());
  }
}
