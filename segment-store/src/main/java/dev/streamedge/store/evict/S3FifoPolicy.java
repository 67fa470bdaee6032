package dev.streamedge.store.evict;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * S3-FIFO, size-aware: Juncheng Yang et al., "FIFO queues are all you need for cache eviction",
 * SOSP 2023.
 *
 * <p>New items enter a small FIFO (10% of the budget). When the small queue is evicted, an item
 * hit at least {@code promoteThreshold} times since it entered moves to the main FIFO; the others
 * leave, and their key fingerprints are remembered in a ghost FIFO. An item whose fingerprint is
 * in the ghost enters the main queue directly. The main FIFO evicts with reinsertion: an item with
 * a non-zero frequency is reinserted at the head with its frequency decremented (a 2-bit CLOCK).
 *
 * <p>Why it suits a video edge: one-hit wonders (a catalog's long tail, a scanner) pass through the
 * small queue without displacing the popular working set, which is what LRU gets wrong; and a hit
 * only bumps a capped counter, with no list reordering and no lock, so lookups stay cheap. Sizes
 * are bytes: the queues' targets and the ghost's bound are byte budgets.
 */
public final class S3FifoPolicy<T> implements EvictionPolicy<T> {
  private static final int MAX_FREQ = 3;

  private final long smallTarget;
  private final long ghostBytesLimit;
  private final int promoteThreshold;
  private final NodeQueue<T> small = new NodeQueue<>(PolicyNode.SMALL);
  private final NodeQueue<T> main = new NodeQueue<>(PolicyNode.MAIN);
  private final LinkedHashMap<Long, Long> ghost = new LinkedHashMap<>();
  private long ghostBytes;

  /** The paper's defaults: a small queue of 10%, promotion after one hit. */
  public S3FifoPolicy(long capacityBytes) {
    this(capacityBytes, 0.10, 1);
  }

  public S3FifoPolicy(long capacityBytes, double smallRatio, int promoteThreshold) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacityBytes must be > 0: " + capacityBytes);
    }
    if (!(smallRatio > 0 && smallRatio < 1)) {
      throw new IllegalArgumentException("smallRatio must be in (0, 1): " + smallRatio);
    }
    if (promoteThreshold < 1 || promoteThreshold > MAX_FREQ) {
      throw new IllegalArgumentException("promoteThreshold must be 1..3: " + promoteThreshold);
    }
    this.smallTarget = (long) (capacityBytes * smallRatio);
    this.ghostBytesLimit = capacityBytes - smallTarget;
    this.promoteThreshold = promoteThreshold;
  }

  @Override
  public synchronized PolicyNode<T> add(T item, long fingerprint, long bytes) {
    PolicyNode<T> node = new PolicyNode<>(Objects.requireNonNull(item, "item"), fingerprint, bytes);
    Long ghostSize = ghost.remove(fingerprint);
    if (ghostSize != null) {
      ghostBytes -= ghostSize;
      main.pushHead(node);
    } else {
      small.pushHead(node);
    }
    return node;
  }

  @Override
  public synchronized PolicyNode<T> restore(T item, long fingerprint, long bytes) {
    // Survivors of a restart were in the cache already: the small queue is for new arrivals.
    PolicyNode<T> node = new PolicyNode<>(Objects.requireNonNull(item, "item"), fingerprint, bytes);
    main.pushHead(node);
    return node;
  }

  @Override
  public void touch(PolicyNode<T> node) {
    int f = node.freq;
    if (f < MAX_FREQ) {
      node.freq = f + 1;
    }
  }

  @Override
  public synchronized void resize(PolicyNode<T> node, long bytes) {
    NodeQueue<T> q = queueOf(node);
    if (q != null) {
      q.bytes += bytes - node.bytes;
    }
    node.bytes = bytes;
  }

  @Override
  public synchronized void remove(PolicyNode<T> node) {
    NodeQueue<T> q = queueOf(node);
    if (q != null) {
      q.remove(node);
    }
  }

  @Override
  public synchronized T evict() {
    while (true) {
      if (!small.isEmpty() && (small.bytes >= smallTarget || main.isEmpty())) {
        PolicyNode<T> t = small.tail();
        small.remove(t);
        if (t.freq >= promoteThreshold) {
          t.freq = 0;
          main.pushHead(t);
          continue;
        }
        remember(t);
        return t.item;
      }
      if (main.isEmpty()) {
        return null;
      }
      PolicyNode<T> t = main.tail();
      main.remove(t);
      int f = t.freq;
      if (f > 0) {
        t.freq = f - 1;
        main.pushHead(t);
        continue;
      }
      return t.item;
    }
  }

  @Override
  public synchronized long bytes() {
    return small.bytes + main.bytes;
  }

  @Override
  public synchronized int size() {
    return small.size + main.size;
  }

  private NodeQueue<T> queueOf(PolicyNode<T> node) {
    if (node.queue == small.id()) {
      return small;
    }
    if (node.queue == main.id()) {
      return main;
    }
    return null;
  }

  private void remember(PolicyNode<T> node) {
    Long previous = ghost.put(node.fingerprint, node.bytes);
    ghostBytes += node.bytes - (previous == null ? 0 : previous);
    Iterator<Map.Entry<Long, Long>> it = ghost.entrySet().iterator();
    while (ghostBytes > ghostBytesLimit && it.hasNext()) {
      ghostBytes -= it.next().getValue();
      it.remove();
    }
  }
}
