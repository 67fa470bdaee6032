package dev.streamedge.store.evict;

/**
 * An item's place in a policy's queues. Created by {@link EvictionPolicy#add}; the caller keeps
 * it next to the item to touch, resize or remove it later.
 */
public final class PolicyNode<T> {
  static final byte NONE = 0;
  static final byte SMALL = 1;
  static final byte MAIN = 2;

  final T item;
  final long fingerprint;
  long bytes;
  PolicyNode<T> prev;
  PolicyNode<T> next;
  byte queue;
  // Racy on purpose (S3-FIFO): a lost increment only delays a promotion.
  volatile int freq;

  PolicyNode(T item, long fingerprint, long bytes) {
    this.item = item;
    this.fingerprint = fingerprint;
    this.bytes = bytes;
  }

  public T item() {
    return item;
  }

  public long bytes() {
    return bytes;
  }
}
