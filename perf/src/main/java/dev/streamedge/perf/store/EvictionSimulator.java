package dev.streamedge.perf.store;

import dev.streamedge.store.evict.EvictionPolicy;
import dev.streamedge.store.evict.LruPolicy;
import dev.streamedge.store.evict.S3FifoPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trace-replay comparison of eviction policies at equal byte budgets; prints a markdown table of
 * byte and object hit ratios. Run: {@code java -cp ... dev.streamedge.perf.store.EvictionSimulator
 * [catalog zipfAlpha oneHitShare requests]}.
 */
public final class EvictionSimulator {
  private static final Logger log = LoggerFactory.getLogger(EvictionSimulator.class);

  private EvictionSimulator() {}

  /** The policies compared: the store's LRU baseline and S3-FIFO variants. */
  public static Map<String, LongFunction<EvictionPolicy<Long>>> policies() {
    Map<String, LongFunction<EvictionPolicy<Long>>> p = new LinkedHashMap<>();
    p.put("LRU", b -> new LruPolicy<>());
    p.put("S3-FIFO (10%, promote after 1 hit) [store default]", b -> new S3FifoPolicy<>(b));
    p.put("S3-FIFO (10%, promote after 2 hits)", b -> new S3FifoPolicy<>(b, 0.10, 2));
    p.put("S3-FIFO (20%, promote after 1 hit)", b -> new S3FifoPolicy<>(b, 0.20, 1));
    return p;
  }

  public static List<CacheSimulation.Result> compare(Workload w, double[] budgetShares) {
    Workload.Trace trace = w.generate();
    List<CacheSimulation.Result> out = new ArrayList<>();
    for (double share : budgetShares) {
      long budget = (long) (trace.catalogBytes() * share);
      for (Map.Entry<String, LongFunction<EvictionPolicy<Long>>> e : policies().entrySet()) {
        out.add(CacheSimulation.run(e.getKey(), e.getValue(), budget, trace));
      }
    }
    return out;
  }

  public static void main(String[] args) {
    Workload w =
        args.length == 4
            ? new Workload(
                Integer.parseInt(args[0]),
                Double.parseDouble(args[1]),
                Double.parseDouble(args[2]),
                Integer.parseInt(args[3]),
                42)
            : Workload.standard();
    double[] shares = {0.01, 0.05, 0.10, 0.20};
    long start = System.nanoTime();
    List<CacheSimulation.Result> results = compare(w, shares);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "workload: %s%n%n", w));
    sb.append("| budget (share of catalog) | policy | byte hit ratio | object hit ratio |\n");
    sb.append("|---|---|---|---|\n");
    for (CacheSimulation.Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %.0f GB | %s | %.2f%% | %.2f%% |%n",
              r.budget() / 1e9,
              r.policy(),
              100 * r.byteHitRatio(),
              100 * r.objectHitRatio()));
    }
    sb.append(
        String.format(Locale.ROOT, "%nreplayed in %.1f s%n", (System.nanoTime() - start) / 1e9));
    log.info("eviction policies compared\n{}", sb);
  }
}
