package dev.streamedge.perf.store;

import dev.streamedge.store.evict.EvictionPolicy;
import dev.streamedge.store.evict.PolicyNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Replays a trace against one eviction policy with a byte budget, the way the store uses it: a miss
 * stores the object (unless it is larger than the whole budget) and evicts until within budget; a
 * hit touches it. The policies are the store's own classes.
 */
public final class CacheSimulation {
  /** Outcome of one replay. */
  public record Result(
      String policy, long budget, double byteHitRatio, double objectHitRatio, long evictions) {}

  private CacheSimulation() {}

  public static Result run(
      String name, LongFunction<EvictionPolicy<Long>> policyFor, long budget, Workload.Trace t) {
    EvictionPolicy<Long> policy = policyFor.apply(budget);
    Map<Long, PolicyNode<Long>> cached = new HashMap<>();
    long used = 0;
    long hitBytes = 0;
    long totalBytes = 0;
    long hits = 0;
    long evictions = 0;
    int n = t.ids().length;
    for (int i = 0; i < n; i++) {
      long id = t.ids()[i];
      long size = t.sizes()[i];
      totalBytes += size;
      PolicyNode<Long> node = cached.get(id);
      if (node != null) {
        hits++;
        hitBytes += size;
        policy.touch(node);
        continue;
      }
      if (size > budget) {
        continue;
      }
      cached.put(id, policy.add(id, mix(id), size));
      used += size;
      while (used > budget) {
        Long victim = policy.evict();
        if (victim == null) {
          break;
        }
        used -= cached.remove(victim).bytes();
        evictions++;
      }
    }
    return new Result(name, budget, (double) hitBytes / totalBytes, (double) hits / n, evictions);
  }

  private static long mix(long id) {
    long h = id * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }
}
