package dev.streamedge.store.evict;

import java.util.Objects;

/** Least recently used: every hit moves the item to the head; the tail is evicted. */
public final class LruPolicy<T> implements EvictionPolicy<T> {
  private final NodeQueue<T> queue = new NodeQueue<>(PolicyNode.MAIN);

  @Override
  public synchronized PolicyNode<T> add(T item, long fingerprint, long bytes) {
    PolicyNode<T> node = new PolicyNode<>(Objects.requireNonNull(item, "item"), fingerprint, bytes);
    queue.pushHead(node);
    return node;
  }

  @Override
  public PolicyNode<T> restore(T item, long fingerprint, long bytes) {
    return add(item, fingerprint, bytes);
  }

  @Override
  public synchronized void touch(PolicyNode<T> node) {
    if (node.queue == PolicyNode.MAIN) {
      queue.remove(node);
      queue.pushHead(node);
    }
  }

  @Override
  public synchronized void resize(PolicyNode<T> node, long bytes) {
    if (node.queue == PolicyNode.MAIN) {
      queue.bytes += bytes - node.bytes;
    }
    node.bytes = bytes;
  }

  @Override
  public synchronized void remove(PolicyNode<T> node) {
    if (node.queue == PolicyNode.MAIN) {
      queue.remove(node);
    }
  }

  @Override
  public synchronized T evict() {
    PolicyNode<T> victim = queue.tail();
    if (victim == null) {
      return null;
    }
    queue.remove(victim);
    return victim.item;
  }

  @Override
  public synchronized long bytes() {
    return queue.bytes;
  }

  @Override
  public synchronized int size() {
    return queue.size;
  }
}
