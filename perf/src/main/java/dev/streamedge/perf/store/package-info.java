/**
 * Measurements of the segment store: JMH benchmarks of reads, writes, prefix purges and chunk
 * checksums, and the trace-replay simulator that chose the eviction policy. How to run them and
 * the figures are in docs/segment-store.md.
 */
package dev.streamedge.perf.store;
