package dev.streamedge.store.evict;

/** An intrusive doubly-linked FIFO of nodes with a byte total. Not thread-safe. */
final class NodeQueue<T> {
  private final byte id;
  private PolicyNode<T> head;
  private PolicyNode<T> tail;
  long bytes;
  int size;

  NodeQueue(byte id) {
    this.id = id;
  }

  void pushHead(PolicyNode<T> node) {
    node.queue = id;
    node.prev = null;
    node.next = head;
    if (head != null) {
      head.prev = node;
    } else {
      tail = node;
    }
    head = node;
    bytes += node.bytes;
    size++;
  }

  PolicyNode<T> tail() {
    return tail;
  }

  void remove(PolicyNode<T> node) {
    if (node.prev != null) {
      node.prev.next = node.next;
    } else {
      head = node.next;
    }
    if (node.next != null) {
      node.next.prev = node.prev;
    } else {
      tail = node.prev;
    }
    node.prev = null;
    node.next = null;
    node.queue = PolicyNode.NONE;
    bytes -= node.bytes;
    size--;
  }

  boolean isEmpty() {
    return head == null;
  }

  byte id() {
    return id;
  }
}
