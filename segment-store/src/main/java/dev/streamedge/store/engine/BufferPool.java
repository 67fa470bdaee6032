package dev.streamedge.store.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reuses the direct buffers writers assemble chunks in. A fresh direct buffer of a chunk's size is
 * mapped, zeroed and faulted in by the kernel on every allocation; per object that was measurable
 * system time on the write path.
 */
final class BufferPool {
  private final int capacity;
  private final int maxPooled;
  private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pooled = new AtomicInteger();

  BufferPool(int capacity, int maxPooled) {
    this.capacity = capacity;
    this.maxPooled = maxPooled;
  }

  ByteBuffer take(int size) {
    if (size == capacity) {
      ByteBuffer b = free.poll();
      if (b != null) {
        pooled.decrementAndGet();
        return b.clear();
      }
    }
    return ByteBuffer.allocateDirect(size);
  }

  /** Returns a buffer nobody reads or writes any more. */
  void give(ByteBuffer b) {
    if (b.capacity() == capacity && pooled.incrementAndGet() <= maxPooled) {
      free.offer(b);
    } else if (b.capacity() == capacity) {
      pooled.decrementAndGet();
    }
  }
}
