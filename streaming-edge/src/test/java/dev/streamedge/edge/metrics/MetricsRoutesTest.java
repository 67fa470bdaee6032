package dev.streamedge.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.edge.accesslog.EdgeResult;
import dev.streamedge.edge.accesslog.ProtocolVersion;
import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.admin.AdminRequest;
import dev.streamedge.edge.admin.AdminResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsRoutesTest {
  private final EdgeMetrics metrics = EdgeMetrics.builder().edgeName("edge-1").behaviors(List.of("default"))
      .jvmMetrics(false).build();
  private final AdminApi api = MetricsRoutes.mount(AdminApi.withHealth(() -> true), metrics);

  @AfterEach
  void close() {
    metrics.close();
  }

  private AdminResponse call(String method, String path) {
    return api.handle(new AdminRequest(method, path, null, new byte[0]));
  }

  @Test
  void metricsServesPrometheusText() {
    metrics.behavior("default").recordRequest(200, EdgeResult.HIT, ProtocolVersion.HTTP_1_1, 42);
    AdminResponse r = call("GET", "/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText p = PrometheusText.parse(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(p.value("streamedge_requests_total", "behavior", "default", "protocol", "http1.1", "result", "hit",
        "status_class", "2xx")).isEqualTo(1);
    assertThat(call("HEAD", "/metrics").status()).isEqualTo(200);
    assertThat(call("POST", "/metrics").status()).isEqualTo(405);
  }

  @Test
  void statsServesJson() throws Exception {
    AdminResponse r = call("GET", "/stats");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(new ObjectMapper().readTree(r.body()).path("edge").asText()).isEqualTo("edge-1");
  }

  @Test
  void healthEndpointsStay() {
    assertThat(call("GET", "/healthz").status()).isEqualTo(200);
    assertThat(call("GET", "/readyz").status()).isEqualTo(200);
  }
}
