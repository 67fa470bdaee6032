package dev.streamedge.edge.netty;

import io.netty.buffer.ByteBuf;

/**
 * A fill's body copied into one buffer as it arrives from the origin (an object of known length
 * that the memory tier admits; the buffer comes from {@link HotObjects#allocateCopy}, so copies in
 * flight count against the tier's bound). Followers of the fill write slices of it for the bytes
 * the store says are there, instead of reading each byte back from the store on the blocking pool;
 * once the fill commits it becomes the memory tier's entry when more than one viewer asked for the
 * object during the fill.
 *
 * <p>Only the fill's event loop appends. A follower uses bytes below {@link #written()} (volatile)
 * and only those its store reader reports readable, which the fill appended to the store after
 * copying them here: both orders make the copied bytes visible to the follower's thread. The
 * buffer is reference-counted: the fill holds one reference until it ends ({@link #close()}) and
 * every follower that took one ({@link #tryRetain()}) holds its own.
 */
final class FillCopy {
  private final ByteBuf buf;
  private volatile long written;
  /** Set (on the fill's loop) when the body outgrew the declared length: no more appends. */
  private boolean broken;
  /** The fill let go of its reference (guarded by this). */
  private boolean closed;

  FillCopy(ByteBuf buf) {
    this.buf = buf;
  }

  /** The fill's loop: copies {@code b}'s readable bytes (without consuming them). */
  void append(ByteBuf b) {
    if (broken) {
      return;
    }
    int n = b.readableBytes();
    if (n > buf.capacity() - buf.writerIndex()) {
      broken = true; // the store refuses the body too (it exceeds its declared length)
      return;
    }
    buf.writeBytes(b, b.readerIndex(), n);
    written = buf.writerIndex();
  }

  /** Bytes copied so far, from offset 0. Any thread. */
  long written() {
    return written;
  }

  /** The fill's loop: the whole declared body is here. */
  boolean complete() {
    return !broken && buf.writerIndex() == buf.capacity();
  }

  /** A new reference to {@code length} bytes from {@code offset}, all below {@link #written()}. */
  ByteBuf retainedSlice(long offset, int length) {
    return buf.retainedSlice((int) offset, length);
  }

  /** The fill's loop: the body as a new reference (for the memory tier). */
  ByteBuf retainedBody() {
    return buf.retainedDuplicate();
  }

  /**
   * A follower's reference, or null when the fill has already let go of the copy (the follower
   * then reads from the store). A waiter's callback may run after the fill ended.
   */
  synchronized FillCopy tryRetain() {
    if (closed) {
      return null;
    }
    buf.retain();
    return this;
  }

  /** The fill lets go of its reference; no follower takes one after this. */
  synchronized void close() {
    if (!closed) {
      closed = true;
      buf.release();
    }
  }

  /** A follower gives back the reference {@link #tryRetain()} gave it. */
  void release() {
    buf.release();
  }
}
