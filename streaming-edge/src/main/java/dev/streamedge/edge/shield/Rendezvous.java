package dev.streamedge.edge.shield;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Rendezvous, or highest-random-weight (HRW), hashing over a fixed set of nodes (Thaler and
 * Ravishankar, "Using name-based mappings to increase hit rates", IEEE/ACM ToN 6(1), 1998): every
 * node gets a score for a key, the highest score owns the key, and the descending scores are the
 * fallback order. Removing a node moves exactly the keys it owned — each to its own second choice —
 * and no key moves between the nodes that remain; adding one takes about 1/N of the keys, from
 * every other node evenly. Jump or ring hashing over bucket indices does not have this property
 * when a node in the middle leaves (Guava's {@code consistentHash} moved 49% of the keys here).
 *
 * <p>The key hash is MurmurHash3 ({@link Murmur3}) of the cache key's UTF-8 bytes, mixed with the
 * slice index for large objects (so the slices of one object spread over the shields); a node's
 * seed is MurmurHash3 of its id; the score is {@code fmix64(keyHash ^ seed)}. All of it is stable
 * across JVMs and runs: every edge sends a given key to the same shield. Ties (probability
 * 2<sup>-64</sup>) go to the smaller id, so the order is total.
 *
 * <p>Immutable and thread-safe: build a new one when the node set changes.
 */
public final class Rendezvous<T> {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final List<T> nodes;
  private final String[] ids;
  private final long[] seeds;

  private Rendezvous(List<T> nodes, String[] ids, long[] seeds) {
    this.nodes = nodes;
    this.ids = ids;
    this.seeds = seeds;
  }

  /**
   * @param nodes the nodes, in any order (the result does not depend on it)
   * @param id a node's stable, unique name (a node id, not an address that may change)
   * @throws IllegalArgumentException when two nodes have the same id
   */
  public static <T> Rendezvous<T> of(List<T> nodes, Function<? super T, String> id) {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(id, "id");
    List<T> copy = List.copyOf(nodes);
    String[] ids = new String[copy.size()];
    long[] seeds = new long[copy.size()];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < copy.size(); i++) {
      ids[i] = Objects.requireNonNull(id.apply(copy.get(i)), "id");
      if (!seen.add(ids[i])) {
        throw new IllegalArgumentException("two nodes have the id '" + ids[i] + "'");
      }
      seeds[i] = nodeSeed(ids[i]);
    }
    return new Rendezvous<>(copy, ids, seeds);
  }

  /** A node's seed: MurmurHash3 of its id's UTF-8 bytes. */
  public static long nodeSeed(String id) {
    return Murmur3.hash64(id.getBytes(StandardCharsets.UTF_8), 0);
  }

  /**
   * The key's hash: MurmurHash3 of the cache key's UTF-8 bytes, mixed with {@code sliceIndex} when it
   * is 0 or more (a slice of a large object); -1 for a whole object.
   */
  public static long keyHash(String cacheKey, long sliceIndex) {
    long h = Murmur3.hash64(cacheKey.getBytes(StandardCharsets.UTF_8), 0);
    return sliceIndex < 0 ? h : Murmur3.fmix64(h + GOLDEN * (sliceIndex + 1));
  }

  /** The score of a node (by seed) for a key (by hash); higher wins. */
  public static long score(long keyHash, long nodeSeed) {
    return Murmur3.fmix64(keyHash ^ nodeSeed);
  }

  public List<T> nodes() {
    return nodes;
  }

  public int size() {
    return nodes.size();
  }

  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** The owner of a key, or null when there are no nodes. Allocation-free. */
  public T first(long keyHash) {
    int best = -1;
    long bestScore = 0;
    for (int i = 0; i < seeds.length; i++) {
      long s = score(keyHash, seeds[i]);
      if (best < 0 || higher(s, i, bestScore, best)) {
        best = i;
        bestScore = s;
      }
    }
    return best < 0 ? null : nodes.get(best);
  }

  /** Every node for a key, highest score first: the owner, then the fallback order. */
  public List<T> ranked(long keyHash) {
    int n = seeds.length;
    if (n == 0) {
      return List.of();
    }
    if (n == 1) {
      return nodes;
    }
    long[] scores = new long[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      scores[i] = score(keyHash, seeds[i]);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : higher(scores[a], a, scores[b], b) ? -1 : 1);
    List<T> out = new ArrayList<>(n);
    for (Integer i : order) {
      out.add(nodes.get(i));
    }
    return out;
  }

  /** {@link #ranked(long)} for a cache key and slice index (-1 for a whole object). */
  public List<T> ranked(String cacheKey, long sliceIndex) {
    return ranked(keyHash(cacheKey, sliceIndex));
  }

  // Scores compare as unsigned 64-bit numbers; equal scores fall back to the id.
  private boolean higher(long score, int node, long otherScore, int other) {
    int c = Long.compareUnsigned(score, otherScore);
    return c > 0 || (c == 0 && ids[node].compareTo(ids[other]) < 0);
  }
}
