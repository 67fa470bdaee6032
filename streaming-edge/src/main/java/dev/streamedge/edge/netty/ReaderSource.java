package dev.streamedge.edge.netty;

import dev.streamedge.store.ObjectReader;

/**
 * Where a {@link StoreResponder} gets the store reader covering an object offset: one reader for a
 * whole object, or one per slice for an object cached in slices (fetching a missing slice from the
 * origin first). The responder closes every reader it is given.
 */
interface ReaderSource {
  /** Delivers, on the viewer's event loop, the reader holding object offset {@code position}. */
  void open(long position, Opened callback);

  /** Called once when the response is over (the source may stop prefetching). */
  default void close() {}

  interface Opened {
    /**
     * @param base object offset of the reader's byte 0
     * @param end object offset where the reader's bytes end (exclusive)
     */
    void reader(ObjectReader reader, long base, long end);

    /** No reader can be had: the response fails. */
    void failed(String why);
  }
}
