package dev.streamedge.store.evict;

/** The policies the store can run, by configuration name. */
public enum EvictionPolicyKind {
  /** S3-FIFO (Yang et al., SOSP 2023): scan-resistant, lock-free hits. The default. */
  S3_FIFO,
  /** Plain LRU: the baseline the simulator compares against. */
  LRU;

  public <T> EvictionPolicy<T> create(long capacityBytes) {
    return switch (this) {
      case S3_FIFO -> new S3FifoPolicy<>(capacityBytes);
      case LRU -> new LruPolicy<>();
    };
  }
}
