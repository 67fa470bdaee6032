package dev.streamedge.edge.metrics;

import dev.streamedge.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.edge.accesslog.AccessLogSettings;
import dev.streamedge.edge.accesslog.AccessLogWriter;
import dev.streamedge.edge.accesslog.AccessRecord;
import dev.streamedge.edge.accesslog.EdgeResult;
import dev.streamedge.edge.accesslog.FailureKind;
import dev.streamedge.edge.accesslog.ProtocolVersion;
import dev.streamedge.edge.accesslog.ResponseSource;
import dev.streamedge.edge.auth.DenialReason;
import dev.streamedge.store.StoreStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeMetricsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final List<AutoCloseable> open = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private EdgeMetrics.Builder builder() {
    return EdgeMetrics.builder().clock(clock).edgeName("edge-1").behaviors(List.of("default", "/live/*"))
        .origins(List.of("packager-a", "packager-b"));
  }

  private EdgeMetrics metrics(EdgeMetrics.Builder b) {
    EdgeMetrics m = b.build();
    open.add(m);
    return m;
  }

  @Test
  void countsRequestsAndBytesByBehaviorStatusClassResultAndProtocol() {
    EdgeMetrics m = metrics(builder().jvmMetrics(false));
    BehaviorMeters live = m.behavior("/live/*");
    BehaviorMeters def = m.behavior("default");
    for (int i = 0; i < 3; i++) {
      live.recordRequest(200, EdgeResult.HIT, ProtocolVersion.HTTP_1_1, 1000);
    }
    live.recordRequest(206, EdgeResult.classify(206, ResponseSource.CACHE, FailureKind.NONE), ProtocolVersion.HTTP_2, 5_000_000_000L);
    live.recordRequest(200, EdgeResult.classify(200, ResponseSource.REVALIDATED, FailureKind.NONE), ProtocolVersion.HTTP_1_1, 10);
    live.recordRequest(200, EdgeResult.classify(200, ResponseSource.CACHE, FailureKind.CLIENT_ABORTED), ProtocolVersion.HTTP_1_1, 64);
    def.recordRequest(200, EdgeResult.MISS, ProtocolVersion.HTTP_1_0, 300);
    def.recordRequest(502, EdgeResult.classify(502, ResponseSource.ORIGIN, FailureKind.ORIGIN_CONNECT), ProtocolVersion.HTTP_1_1, 90);
    def.recordRequest(0, EdgeResult.classify(0, ResponseSource.ORIGIN, FailureKind.CLIENT_ABORTED), ProtocolVersion.HTTP_1_1, 0);
    def.recordRequest(503, EdgeResult.classify(503, ResponseSource.EDGE, FailureKind.CAPACITY), ProtocolVersion.HTTP_1_1, 50);

    PrometheusText p = PrometheusText.parse(m.scrape());
    assertThat(p.types).containsEntry("streamedge_requests_total", "counter")
        .containsEntry("streamedge_response_bytes_total", "counter");
    assertThat(p.value("streamedge_requests_total", "behavior", "/live/*", "protocol", "http1.1", "result", "hit",
        "status_class", "2xx")).isEqualTo(4); // 3 hits + the abandoned hit
    assertThat(p.value("streamedge_response_bytes_total", "behavior", "/live/*", "protocol", "http1.1", "result", "hit",
        "status_class", "2xx")).isEqualTo(3064);
    assertThat(p.value("streamedge_response_bytes_total", "behavior", "/live/*", "protocol", "h2", "result", "hit",
        "status_class", "2xx")).isEqualTo(5_000_000_000d);
    assertThat(p.value("streamedge_requests_total", "behavior", "/live/*", "protocol", "http1.1", "result", "refresh",
        "status_class", "2xx")).isEqualTo(1);
    assertThat(p.value("streamedge_requests_total", "behavior", "default", "protocol", "http1.0", "result", "miss",
        "status_class", "2xx")).isEqualTo(1);
    assertThat(p.value("streamedge_requests_total", "behavior", "default", "protocol", "http1.1", "result", "error",
        "status_class", "5xx")).isEqualTo(2);
    assertThat(p.value("streamedge_requests_total", "behavior", "default", "protocol", "http1.1", "result", "error",
        "status_class", "000")).isEqualTo(1);
    assertThat(p.value("streamedge_viewer_aborts_total", "behavior", "/live/*")).isEqualTo(1);
    assertThat(p.value("streamedge_viewer_aborts_total", "behavior", "default")).isEqualTo(1);
    // Combinations never seen are not exposed.
    assertThat(p.all("streamedge_requests_total")).hasSize(6);
    assertThat(p.samples.stream().map(PrometheusText.Sample::name).filter(n -> n.startsWith("jvm_"))).isEmpty();
  }

  @Test
  void countersAreExactUnderConcurrentCalls() throws Exception {
    EdgeMetrics m = metrics(builder().jvmMetrics(false));
    BehaviorMeters live = m.behavior("/live/*");
    int threads = 4;
    int each = 50_000;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ts.add(new Thread(() -> {
        for (int i = 0; i < each; i++) {
          live.recordRequest(200 + (i % 2) * 206, i % 3 == 0 ? EdgeResult.MISS : EdgeResult.HIT,
              ProtocolVersion.HTTP_1_1, 100);
        }
      }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) {
      t.join();
    }
    PrometheusText p = PrometheusText.parse(m.scrape());
    double requests = p.all("streamedge_requests_total").stream().mapToDouble(PrometheusText.Sample::value).sum();
    double bytes = p.all("streamedge_response_bytes_total").stream().mapToDouble(PrometheusText.Sample::value).sum();
    assertThat(requests).isEqualTo(threads * each);
    assertThat(bytes).isEqualTo(threads * each * 100d);
  }

  @Test
  void originCountersAndLatencyHistograms() {
    EdgeMetrics m = metrics(builder().jvmMetrics(false));
    OriginMeters a = m.origin("packager-a");
    OriginMeters b = m.origin("packager-b");
    a.request();
    a.error(OriginErrorKind.CONNECT);
    a.failover();
    b.request();
    b.firstByte(3_000_000);      // 3 ms
    b.lastByte(1_500_000_000);   // 1.5 s
    a.request();
    a.firstByte(40_000_000);     // 40 ms
    a.lastByte(200_000_000_000L); // 200 s

    PrometheusText p = PrometheusText.parse(m.scrape());
    assertThat(p.types).containsEntry("streamedge_origin_first_byte_seconds", "histogram")
        .containsEntry("streamedge_origin_last_byte_seconds", "histogram")
        .containsEntry("streamedge_origin_requests_total", "counter")
        .containsEntry("streamedge_origin_errors_total", "counter")
        .containsEntry("streamedge_origin_failovers_total", "counter");
    assertThat(p.value("streamedge_origin_requests_total", "origin", "packager-a")).isEqualTo(2);
    assertThat(p.value("streamedge_origin_requests_total", "origin", "packager-b")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_errors_total", "kind", "connect", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_errors_total", "kind", "timeout", "origin", "packager-a")).isZero();
    assertThat(p.value("streamedge_origin_failovers_total", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_failovers_total", "origin", "packager-b")).isZero();
    assertThat(p.value("streamedge_origin_first_byte_seconds_bucket", "le", "0.002", "origin", "packager-b")).isZero();
    assertThat(p.value("streamedge_origin_first_byte_seconds_bucket", "le", "0.005", "origin", "packager-b")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_first_byte_seconds_bucket", "le", "0.025", "origin", "packager-a")).isZero();
    assertThat(p.value("streamedge_origin_first_byte_seconds_bucket", "le", "0.05", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_last_byte_seconds_bucket", "le", "2.5", "origin", "packager-b")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_last_byte_seconds_bucket", "le", "120.0", "origin", "packager-a")).isZero();
    assertThat(p.value("streamedge_origin_last_byte_seconds_bucket", "le", "300.0", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_last_byte_seconds_bucket", "le", "+Inf", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_last_byte_seconds_count", "origin", "packager-a")).isEqualTo(1);
    assertThat(p.value("streamedge_origin_last_byte_seconds_sum", "origin", "packager-a")).isCloseTo(200, within(1e-9));
  }

  @Test
  void everyDenialReasonIsExposedFromTheStart() {
    EdgeMetrics m = metrics(builder().jvmMetrics(false));
    m.denied(DenialReason.EXPIRED);
    m.denied(DenialReason.EXPIRED);
    m.denied(DenialReason.BAD_SIGNATURE);
    m.collapsed();
    PrometheusText p = PrometheusText.parse(m.scrape());
    for (DenialReason r : DenialReason.values()) {
      double want = switch (r) {
        case EXPIRED -> 2;
        case BAD_SIGNATURE -> 1;
        default -> 0;
      };
      assertThat(p.value("streamedge_signed_access_denials_total", "reason", r.name().toLowerCase(Locale.ROOT)))
          .as(r.name()).isEqualTo(want);
    }
    assertThat(p.value("streamedge_collapsed_requests_total")).isEqualTo(1);
  }

  @Test
  void storeGaugesReadOneSnapshotPerScrape() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<StoreStats> stats = new AtomicReference<>(new StoreStats(12, 3_000, 10_000, 30, 10, 4, 2, 1, 3, 5));
    EdgeMetrics m = metrics(builder().jvmMetrics(false).store(() -> {
      calls.incrementAndGet();
      return stats.get();
    }).openConnections(() -> 17));
    PrometheusText p = PrometheusText.parse(m.scrape());
    assertThat(calls.get()).isEqualTo(1);
    assertThat(p.types).containsEntry("streamedge_store_bytes", "gauge").containsEntry("streamedge_store_evictions_total", "counter");
    assertThat(p.value("streamedge_store_objects")).isEqualTo(12);
    assertThat(p.value("streamedge_store_bytes")).isEqualTo(3000);
    assertThat(p.value("streamedge_store_max_bytes")).isEqualTo(10000);
    assertThat(p.value("streamedge_store_lookups_total", "result", "hit")).isEqualTo(30);
    assertThat(p.value("streamedge_store_lookups_total", "result", "miss")).isEqualTo(10);
    assertThat(p.value("streamedge_store_hit_ratio")).isEqualTo(0.75);
    assertThat(p.value("streamedge_store_evictions_total")).isEqualTo(4);
    assertThat(p.value("streamedge_store_purges_total")).isEqualTo(2);
    assertThat(p.value("streamedge_store_corruptions_total")).isEqualTo(1);
    assertThat(p.value("streamedge_store_active_writers")).isEqualTo(3);
    assertThat(p.value("streamedge_store_open_readers")).isEqualTo(5);
    assertThat(p.value("streamedge_open_connections")).isEqualTo(17);

    stats.set(new StoreStats(13, 3_500, 10_000, 31, 10, 4, 2, 1, 0, 0));
    assertThat(PrometheusText.parse(m.scrape()).value("streamedge_store_objects")).isEqualTo(13);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void accessLogCountersComeFromTheWriter() {
    AccessLogWriter w = AccessLogWriter.start(AccessLogSettings.defaults(dir.resolve("access.log"), "edge-1"), clock);
    EdgeMetrics m = metrics(builder().jvmMetrics(false).accessLog(w));
    w.offer(AccessRecord.builder().method("GET").path("/").status(200).build());
    w.close(Duration.ofSeconds(10));
    w.offer(AccessRecord.builder().method("GET").path("/").status(200).build()); // after close: dropped
    PrometheusText p = PrometheusText.parse(m.scrape());
    assertThat(p.value("streamedge_access_log_written_total")).isEqualTo(1);
    assertThat(p.value("streamedge_access_log_dropped_total")).isEqualTo(1);
    assertThat(p.value("streamedge_access_log_queued")).isZero();
  }

  @Test
  void labelValuesAreEscapedAndJvmMetricsAreThereByDefault() {
    EdgeMetrics m = metrics(builder().behaviors(List.of("/odd\"quote\\back*")));
    m.behavior("/odd\"quote\\back*").recordRequest(200, EdgeResult.HIT, ProtocolVersion.HTTP_1_1, 1);
    PrometheusText p = PrometheusText.parse(m.scrape());
    assertThat(p.value("streamedge_requests_total", "behavior", "/odd\"quote\\back*", "protocol", "http1.1",
        "result", "hit", "status_class", "2xx")).isEqualTo(1);
    assertThat(p.types).containsKeys("jvm_memory_used_bytes", "process_uptime_seconds", "jvm_threads_live_threads");
    // Prometheus naming: counters end in _total, durations in _seconds, sizes in _bytes.
    p.types.forEach((name, type) -> {
      if (type.equals("counter")) {
        assertThat(name).endsWith("_total");
      }
    });
  }

  @Test
  void statsSummarizeForHumans() throws Exception {
    EdgeMetrics m = metrics(builder().jvmMetrics(false)
        .store(() -> new StoreStats(12, 2_500, 10_000, 30, 10, 4, 2, 0, 1, 2)).openConnections(() -> 3));
    BehaviorMeters live = m.behavior("/live/*");
    for (int i = 0; i < 6; i++) {
      live.recordRequest(200, EdgeResult.HIT, ProtocolVersion.HTTP_1_1, 1000);
    }
    live.recordRequest(200, EdgeResult.REFRESH_HIT, ProtocolVersion.HTTP_2, 500);
    live.recordRequest(200, EdgeResult.MISS, ProtocolVersion.HTTP_2, 500);
    m.behavior("default").recordRequest(404, EdgeResult.classify(404, ResponseSource.ORIGIN, FailureKind.NONE),
        ProtocolVersion.HTTP_1_1, 100);
    m.behavior("default").recordRequest(200, EdgeResult.MISS, ProtocolVersion.HTTP_1_1, 900);
    m.origin("packager-a").request();
    m.origin("packager-a").error(OriginErrorKind.TIMEOUT);
    m.origin("packager-a").failover();
    m.origin("packager-b").request();
    m.origin("packager-b").firstByte(20_000_000);
    m.denied(DenialReason.MISSING);
    m.collapsed();
    clock.advance(Duration.ofSeconds(3725));

    JsonNode s = new ObjectMapper().readTree(m.statsJson());
    assertThat(s.path("edge").asText()).isEqualTo("edge-1");
    assertThat(s.path("startedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(s.path("uptimeSeconds").asLong()).isEqualTo(3725);
    JsonNode req = s.path("requests");
    assertThat(req.path("total").asLong()).isEqualTo(10);
    assertThat(req.path("byResult").path("hit").asLong()).isEqualTo(6);
    assertThat(req.path("byResult").path("refresh").asLong()).isEqualTo(1);
    assertThat(req.path("byResult").path("miss").asLong()).isEqualTo(2);
    assertThat(req.path("byResult").path("error").asLong()).isEqualTo(1);
    assertThat(req.path("hitRatio").asDouble()).isEqualTo(0.778); // (6 + 1) / (6 + 1 + 2)
    assertThat(req.path("byStatusClass").path("4xx").asLong()).isEqualTo(1);
    assertThat(req.path("byProtocol").path("h2").asLong()).isEqualTo(2);
    assertThat(s.path("bytesSent").asLong()).isEqualTo(8000);
    JsonNode liveNode = s.path("behaviors").get(1);
    assertThat(liveNode.path("behavior").asText()).isEqualTo("/live/*");
    assertThat(liveNode.path("requests").asLong()).isEqualTo(8);
    assertThat(liveNode.path("hitRatio").asDouble()).isEqualTo(0.875);
    JsonNode a = s.path("origins").get(0);
    assertThat(a.path("origin").asText()).isEqualTo("packager-a");
    assertThat(a.path("failovers").asLong()).isEqualTo(1);
    assertThat(a.path("errors").asLong()).isEqualTo(1);
    assertThat(a.path("errorsByKind").path("timeout").asLong()).isEqualTo(1);
    JsonNode b = s.path("origins").get(1);
    assertThat(b.path("firstByteMs").path("count").asLong()).isEqualTo(1);
    assertThat(b.path("firstByteMs").path("mean").asDouble()).isEqualTo(20.0);
    JsonNode st = s.path("store");
    assertThat(st.path("objects").asLong()).isEqualTo(12);
    assertThat(st.path("usedRatio").asDouble()).isEqualTo(0.25);
    assertThat(st.path("hitRatio").asDouble()).isEqualTo(0.75);
    assertThat(st.path("evictions").asLong()).isEqualTo(4);
    assertThat(s.path("collapsedRequests").asLong()).isEqualTo(1);
    assertThat(s.path("openConnections").asInt()).isEqualTo(3);
    assertThat(s.path("signedAccessDenials").path("missing").asLong()).isEqualTo(1);
    assertThat(s.path("signedAccessDenials").path("expired").asLong()).isZero();
  }

  @Test
  void statsBeforeAnyTrafficHaveNoRatios() throws Exception {
    EdgeMetrics m = metrics(builder().jvmMetrics(false));
    JsonNode s = new ObjectMapper().readTree(m.statsJson());
    assertThat(s.path("requests").path("total").asLong()).isZero();
    assertThat(s.path("requests").path("hitRatio").isNull()).isTrue();
    assertThat(s.has("store")).isFalse();
    assertThat(s.path("behaviors")).hasSize(2);
  }
}
