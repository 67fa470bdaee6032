package dev.streamedge.perf.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The store's default policy must beat LRU's byte hit ratio on a video-like trace. */
class EvictionSimulatorTest {
  @ParameterizedTest(name = "[{index}] alpha={0} oneHit={1}")
  @CsvSource({"0.9, 0.3", "0.7, 0.5", "1.0, 0.1"})
  void s3FifoBeatsLruAtEveryBudget(double alpha, double oneHit) {
    Workload w = new Workload(20_000, alpha, oneHit, 300_000, 7);
    List<CacheSimulation.Result> results = EvictionSimulator.compare(w, new double[] {0.02, 0.1});
    for (int i = 0; i < results.size(); i += EvictionSimulator.policies().size()) {
      CacheSimulation.Result lru = results.get(i);
      CacheSimulation.Result s3 = results.get(i + 1);
      assertThat(lru.policy()).isEqualTo("LRU");
      assertThat(s3.policy()).contains("store default");
      assertThat(s3.budget()).isEqualTo(lru.budget());
      assertThat(s3.byteHitRatio())
          .as("S3-FIFO vs LRU byte hit ratio at %d bytes", lru.budget())
          .isGreaterThan(lru.byteHitRatio());
    }
  }

  @ParameterizedTest
  @CsvSource({"1000, 0.9, 0.3, 5000"})
  void aTraceIsDeterministic(int catalog, double alpha, double oneHit, int requests) {
    Workload w = new Workload(catalog, alpha, oneHit, requests, 3);
    Workload.Trace a = w.generate();
    Workload.Trace b = w.generate();
    assertThat(a.ids()).isEqualTo(b.ids());
    assertThat(a.sizes()).isEqualTo(b.sizes());
    long oneHits = java.util.Arrays.stream(a.ids()).filter(id -> id < 0).count();
    assertThat((double) oneHits / requests).isBetween(oneHit - 0.05, oneHit + 0.05);
  }
}
