/**
 * Eviction policies for the byte budget, pure and storage-free so the trace-replay simulator in
 * {@code perf/} measures exactly the code the store runs. {@link
 * dev.streamedge.store.evict.S3FifoPolicy} is the default (chosen by measurement, see
 * docs/segment-store.md); {@link dev.streamedge.store.evict.LruPolicy} is the baseline.
 */
package dev.streamedge.store.evict;
