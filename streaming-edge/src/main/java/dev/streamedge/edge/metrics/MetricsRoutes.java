package dev.streamedge.edge.metrics;

import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.admin.AdminResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The admin endpoints of the metrics: {@code GET /metrics} (Prometheus) and {@code GET /stats} (JSON). */
public final class MetricsRoutes {
  private MetricsRoutes() {}

  /** Adds both endpoints to {@code api}. */
  public static AdminApi mount(AdminApi api, EdgeMetrics metrics) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(metrics, "metrics");
    api.add("GET", "/metrics", r -> new AdminResponse(200, EdgeMetrics.CONTENT_TYPE,
        metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    api.add("GET", "/stats", r -> AdminResponse.json(200, metrics.statsJson() + "\n"));
    return api;
  }
}
