package dev.streamedge.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultTableTest {
  private static OptionalDouble v(String s) {
    return s.equals("-") ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(s));
  }

  /** edge, nginx, Varnish → verdict against the better of the two. */
  @ParameterizedTest(name = "{0}: edge {1}, nginx {2}, Varnish {3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "PLAYLIST_RPS | 30000 | 20000 | 25000 | ahead",
      "PLAYLIST_RPS | 25500 | 20000 | 25000 | on par (within 3% of Varnish)",
      "PLAYLIST_RPS | 20000 | 20000 | 25000 | **behind** Varnish by 20%",
      "PLAYLIST_RPS | 10000 | 20000 | -     | **behind** nginx by 50%",
      "PLAYLIST_RPS | 10000 | 20000 | 20000 | **behind** nginx/Varnish by 50%",
      "PLAYLIST_RPS | 10000 | -     | -     | no other figure",
      "PLAYLIST_RPS | -     | 20000 | 25000 | no edge figure",
      "SEGMENT_P99  | 5.0   | 10.0  | 8.0   | ahead",
      "SEGMENT_P99  | 16.0  | 10.0  | 8.0   | **behind** Varnish (2.00× its figure)",
      "PEAK_RSS     | 100   | 13    | 170   | **behind** nginx (7.69× its figure)",
      "COLLAPSE_ORIGIN | 1  | 1     | 1     | goal met (1 origin request)",
      "COLLAPSE_ORIGIN | 3  | 1     | 1     | **goal missed** (3.00, goal 1)",
      "LIVE_ORIGIN_PER_SEGMENT | 1.04 | 1.0 | 1.0 | goal met (1 origin request)",
      "LIVE_ORIGIN_PER_SEGMENT | 1.50 | 1.0 | 1.0 | **goal missed** (1.50, goal 1)",
  })
  void verdicts(Metric m, String edge, String nginx, String varnish, String expected) {
    assertThat(ResultTable.verdict(m, v(edge), v(nginx), v(varnish))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10, 20, 0.50×", "30, 20, 1.50×", "-, 20, —", "10, -, —", "10, 0, —"})
  void ratios(String edge, String other, String expected) {
    assertThat(ResultTable.ratio(v(edge), v(other))).isEqualTo(expected);
  }

  @Test
  void rendersEveryRowWithMedians() {
    Measurements m = new Measurements();
    for (double rps : new double[] {100, 300, 200}) {
      m.add(Metric.PLAYLIST_RPS, ResultTable.EDGE, rps);
    }
    m.add(Metric.PLAYLIST_RPS, ResultTable.NGINX, 150);
    m.add(Metric.LIVE_PLAYLIST_ORIGIN_RATE, ResultTable.EDGE, 1.0);
    String table = new ResultTable(m).render();
    assertThat(table).contains("| 2 KB playlist hit, 64 conn | requests/s ↑ | 200 | 150 | n/a | 1.33× | — | ahead |");
    assertThat(table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| scenario")))
        .hasSize((int) java.util.Arrays.stream(Metric.values()).filter(Metric::row).count());
    assertThat(table).doesNotContain("slot reserved").doesNotContain("origin playlist requests/s");
  }

  /** Varnish has no TLS: its HTTPS cells say so, and the edge is read against nginx alone. */
  @Test
  void httpsRowsCompareWithNginxAlone() {
    Measurements m = new Measurements();
    m.add(Metric.H2_PLAYLIST_RPS, ResultTable.EDGE, 8000);
    m.add(Metric.H2_PLAYLIST_RPS, ResultTable.NGINX, 10000);
    m.add(Metric.H2_SEGMENT_P99, ResultTable.EDGE, 40);
    m.add(Metric.H2_SEGMENT_P99, ResultTable.NGINX, 50);
    m.add(Metric.PLAYLIST_RPS, ResultTable.EDGE, 100);
    String table = new ResultTable(m).render();
    assertThat(table).contains("| HTTPS + HTTP/2 2 KB playlist hit, 64 conn × 10 streams | requests/s ↑ | 8,000 | "
        + "10,000 | n/a (no TLS in Varnish) | 0.80× | — | **behind** nginx by 20% |");
    assertThat(table).contains("| HTTPS + HTTP/2 1 MiB segment hit, 64 conn × 10 streams | p99 latency ms ↓ | 40.00 | "
        + "50.00 | n/a (no TLS in Varnish) | 0.80× | — | ahead |");
    assertThat(table).contains("| HTTPS + HTTP/2 1 MiB segment hit, 64 conn × 10 streams | p50 latency ms ↓ | n/a | "
        + "n/a | n/a (no TLS in Varnish) | — | — | no edge figure |");
    assertThat(table).contains("| 2 KB playlist hit, 64 conn | requests/s ↑ | 100 | n/a | n/a | — | — | no other figure |");
  }
}
