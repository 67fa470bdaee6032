package dev.streamedge.perf.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySamplesTest {
  /** 1..100 ms: nearest-rank percentiles. */
  @ParameterizedTest
  @CsvSource({"50, 50", "99, 99", "100, 100", "1, 1", "0.5, 1"})
  void nearestRank(double p, double expectedMillis) {
    LatencySamples s = new LatencySamples();
    for (int i = 100; i >= 1; i--) {
      s.add(i * 1_000_000L);
    }
    assertThat(s.percentileMillis(p)).isEqualTo(expectedMillis);
  }

  @Test
  void emptyIsNaN() {
    assertThat(new LatencySamples().percentileMillis(99)).isNaN();
  }

  @Test
  void growsPastItsInitialCapacity() {
    LatencySamples s = new LatencySamples();
    for (int i = 0; i < 5000; i++) {
      s.add(1_000_000L);
    }
    assertThat(s.count()).isEqualTo(5000);
    assertThat(s.percentileMillis(99)).isEqualTo(1.0);
  }
}
