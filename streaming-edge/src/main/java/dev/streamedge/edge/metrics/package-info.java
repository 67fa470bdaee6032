/**
 * Prometheus metrics and the human-readable stats of an edge node, on Micrometer's Prometheus
 * registry.
 *
 * <p>{@link dev.streamedge.edge.metrics.EdgeMetrics} is built once at startup with the known
 * behaviors and origins and hands out handles ({@link dev.streamedge.edge.metrics.BehaviorMeters},
 * {@link dev.streamedge.edge.metrics.OriginMeters}) that the request path keeps and calls: each
 * call is an array index and a {@link java.util.concurrent.atomic.LongAdder} add (or a Micrometer
 * timer record), never a meter lookup by name and tags. {@link
 * dev.streamedge.edge.metrics.MetricsRoutes} mounts {@code GET /metrics} (Prometheus text) and
 * {@code GET /stats} (JSON) on the admin API. docs/operations.md lists every metric.
 */
package dev.streamedge.edge.metrics;
