/**
 * streamedge's measurements: the load harness comparing the edge with nginx and Varnish ({@code
 * bench}), JMH benchmarks of the edge's hot paths ({@code jmh}), the edge profiler ({@code
 * profile}), and the segment store's and packager's benchmarks ({@code store}, {@code packager}).
 * How to run each, and the latest figures: docs/benchmarks.md.
 */
package dev.streamedge.perf;
