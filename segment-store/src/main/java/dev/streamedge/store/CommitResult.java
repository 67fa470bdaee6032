package dev.streamedge.store;

/** Outcome of {@link ObjectWriter#commit()}; anything but {@link #COMMITTED} left nothing behind. */
public enum CommitResult {
  /** The object (or slice) is stored and visible to lookups. */
  COMMITTED,
  /** The key was purged after the fill began; the fill was discarded (invalidation wins). */
  PURGED,
  /**
   * A slice was written for an object version that was replaced or evicted meanwhile; it was
   * discarded rather than spliced into another version.
   */
  SUPERSEDED,
  /** The object is larger than the whole byte budget; it was not kept. */
  TOO_LARGE
}
