/**
 * JMH benchmarks of the edge's per-request hot paths: range parsing, signed-access verification,
 * cache-key building, and the freshness decision of a hit. The segment store's chunk reads are in
 * {@code dev.streamedge.perf.store.StoreReadBenchmark}. How to run them and the figures:
 * docs/benchmarks.md.
 */
package dev.streamedge.perf.jmh;
