package dev.streamedge.perf.store;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A synthetic video-edge request trace: a catalog whose popularity follows a Zipf law, plus a
 * stream of one-hit wonders (objects requested once: the catalog's long tail, crawlers, seeks into
 * cold content). Object sizes are log-normal around an HLS segment (median ~1.2 MB: a few seconds
 * at a few Mbit/s), with a small share of large objects (progressive downloads, big slices).
 *
 * <p>Deterministic for a given seed.
 *
 * @param catalog popular-catalog size (objects)
 * @param zipfAlpha Zipf exponent (0.7..1.0 is typical of video catalogs)
 * @param oneHitShare fraction of requests that go to a never-repeated object
 * @param requests trace length
 * @param seed random seed
 */
public record Workload(int catalog, double zipfAlpha, double oneHitShare, int requests, long seed) {

  /** The figures in docs/segment-store.md. */
  public static Workload standard() {
    return new Workload(100_000, 0.9, 0.3, 2_000_000, 42);
  }

  /** A trace: parallel arrays of object ids and sizes. One-hit ids are negative and unique. */
  public record Trace(long[] ids, long[] sizes, long catalogBytes) {}

  public Trace generate() {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] catalogSizes = new long[catalog];
    long catalogBytes = 0;
    for (int i = 0; i < catalog; i++) {
      catalogSizes[i] = size(rnd);
      catalogBytes += catalogSizes[i];
    }
    double[] cdf = zipfCdf(catalog, zipfAlpha);
    // Popularity rank is independent of size: shuffle which object holds which rank.
    int[] byRank = new int[catalog];
    for (int i = 0; i < catalog; i++) {
      byRank[i] = i;
    }
    for (int i = catalog - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = byRank[i];
      byRank[i] = byRank[j];
      byRank[j] = t;
    }
    long[] ids = new long[requests];
    long[] sizes = new long[requests];
    long oneHit = 0;
    for (int r = 0; r < requests; r++) {
      if (rnd.nextDouble() < oneHitShare) {
        ids[r] = -(++oneHit);
        sizes[r] = size(rnd);
      } else {
        int rank = Arrays.binarySearch(cdf, rnd.nextDouble());
        rank = rank >= 0 ? rank : Math.min(-rank - 1, catalog - 1);
        int obj = byRank[rank];
        ids[r] = obj;
        sizes[r] = catalogSizes[obj];
      }
    }
    return new Trace(ids, sizes, catalogBytes);
  }

  private static long size(SplittableRandom rnd) {
    if (rnd.nextDouble() < 0.02) {
      // Large objects: 16..128 MB.
      return (16L << 20) + (long) (rnd.nextDouble() * (112L << 20));
    }
    double gaussian = gaussian(rnd);
    long s = (long) (1_200_000 * Math.exp(0.6 * gaussian));
    return Math.max(64 * 1024, Math.min(s, 12L << 20));
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }

  private static double[] zipfCdf(int n, double alpha) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, alpha);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }
}
