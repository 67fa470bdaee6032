package dev.streamedge.store.engine;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The committed version of every key: a hash map for lock-free lookups, and a sorted map (guarded
 * by the engine lock, like every change here) for prefix ranges. Two maps rather than one
 * concurrent skip list because a purge of 100,000 keys must take milliseconds: removing that many
 * entries from a {@code ConcurrentSkipListMap} was measured at ~170 ms, a {@code TreeMap} plus
 * hash-map removals at a fraction of it.
 */
final class KeyIndex {
  private final ConcurrentHashMap<String, ObjectVersion> byKey = new ConcurrentHashMap<>();
  private final TreeMap<String, ObjectVersion> sorted = new TreeMap<>();

  /** Lock-free. */
  ObjectVersion get(String key) {
    return byKey.get(key);
  }

  /** Under the engine lock. Returns the version it replaced, or null. */
  ObjectVersion put(ObjectVersion v) {
    sorted.put(v.key, v);
    return byKey.put(v.key, v);
  }

  /** Under the engine lock. Removes {@code v} if it is the key's current version. */
  boolean remove(ObjectVersion v) {
    if (byKey.remove(v.key, v)) {
      sorted.remove(v.key);
      return true;
    }
    return false;
  }

  /** Under the engine lock. */
  boolean containsKey(String key) {
    return byKey.containsKey(key);
  }

  /**
   * Under the engine lock. Removes every key starting with {@code prefix} (or exactly {@code
   * prefix} when {@code exact}), handing each removed version to {@code removed}.
   */
  void removeRange(String prefix, boolean exact, Consumer<ObjectVersion> removed) {
    if (exact) {
      ObjectVersion v = sorted.remove(prefix);
      if (v != null) {
        byKey.remove(prefix, v);
        removed.accept(v);
      }
      return;
    }
    if (prefix.isEmpty()) {
      sorted.values().forEach(removed);
      sorted.clear();
      byKey.clear();
      return;
    }
    Iterator<Map.Entry<String, ObjectVersion>> it = sorted.tailMap(prefix, true).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ObjectVersion> e = it.next();
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      it.remove();
      byKey.remove(e.getKey(), e.getValue());
      removed.accept(e.getValue());
    }
  }
}
