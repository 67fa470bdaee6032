package dev.streamedge.store;

import java.nio.ByteBuffer;

/**
 * Writes one object (or one slice of a sparse object): {@code append* → commit | abort}. Used by
 * one thread at a time. Closing a writer that neither committed nor aborted aborts it. Every
 * method may block (chunk writes, eviction) unless it says otherwise.
 */
public interface ObjectWriter extends AutoCloseable {

  /** The cache key. Non-blocking. */
  String key();

  /** The version this writer produces (a new one, or the sparse object it extends). Non-blocking. */
  long generation();

  /** Object offset of the first byte this writer writes (0 for a whole object). Non-blocking. */
  long offset();

  /** Bytes appended so far. Non-blocking. */
  long written();

  /**
   * Copies all remaining bytes of {@code src} (its position advances to its limit; the caller
   * keeps the buffer). Followers see the bytes as soon as this returns; each full chunk is written
   * to storage here.
   *
   * @throws IllegalStateException after commit/abort, or beyond the declared length
   */
  void append(ByteBuffer src);

  /**
   * Makes the object visible: the last chunk and the metadata go in one atomic batch. If the
   * length was declared, exactly that many bytes must have been appended.
   *
   * @return {@link CommitResult#COMMITTED}, or why nothing was kept
   * @throws IllegalStateException if the written length does not match the declared one (the
   *     writer is aborted first), or after commit/abort
   */
  CommitResult commit();

  /** Discards everything written; followers see {@link ObjectState#ABORTED}. Idempotent. */
  void abort();

  /**
   * A reader following this writer's version from its first byte (the collapsed requests of one
   * fill). Close it when done. Non-blocking.
   */
  ObjectReader openReader();

  /** Aborts unless committed or aborted already. */
  @Override
  void close();
}
