package dev.streamedge.store;

/**
 * A point-in-time snapshot of store counters, for metrics.
 *
 * @param objects committed objects indexed
 * @param bytes bytes counted against the budget: committed bodies, fills in progress, and evicted
 *     bodies still pinned by open readers
 * @param maxBytes the byte budget
 * @param hits lookups that returned a reader (a committed object or a fill in progress)
 * @param misses lookups that found nothing
 * @param evictions objects evicted to stay within the budget
 * @param purges objects removed by purge calls
 * @param corruptions chunks that failed their checksum or went missing (object dropped)
 * @param activeWriters writers open right now
 * @param openReaders readers open right now
 */
public record StoreStats(
    long objects,
    long bytes,
    long maxBytes,
    long hits,
    long misses,
    long evictions,
    long purges,
    long corruptions,
    long activeWriters,
    long openReaders) {}
