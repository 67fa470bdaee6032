package dev.streamedge.store.evict;

/**
 * Chooses what to evict to keep a byte budget. Sizes are bytes; the caller decides when to evict
 * (it calls {@link #evict()} while it is over budget).
 *
 * <p>Thread-safety: all methods are safe to call concurrently; {@link #touch} is cheap and meant
 * for the lookup hot path.
 */
public interface EvictionPolicy<T> {

  /**
   * Inserts a newly stored item. {@code fingerprint} identifies the item's key across evictions
   * (for policies that remember recently evicted keys).
   */
  PolicyNode<T> add(T item, long fingerprint, long bytes);

  /** Inserts an item that was stored before a restart (no access history survives). */
  PolicyNode<T> restore(T item, long fingerprint, long bytes);

  /** Records a hit. */
  void touch(PolicyNode<T> node);

  /** The item's size changed (a sparse object gained a slice). */
  void resize(PolicyNode<T> node, long bytes);

  /** The item left the cache for another reason (purge, replacement). Idempotent. */
  void remove(PolicyNode<T> node);

  /** Removes and returns the next victim, or null when the policy holds nothing. */
  T evict();

  /** Bytes held by items in the policy. */
  long bytes();

  /** Items in the policy. */
  int size();
}
