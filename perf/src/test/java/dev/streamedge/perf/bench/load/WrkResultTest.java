package dev.streamedge.perf.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WrkResultTest {
  private static final String REPORT = """
      Running 5s test @ http://127.0.0.1:41235/files/hls/playlist.m3u8
        2 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     2.46ms    3.13ms  52.11ms   90.12%
          Req/Sec    11.80k     1.02k   14.00k    71.00%
        Latency Distribution
           50%    P50
           75%    2.91ms
           90%    4.88ms
           99%    P99
        117431 requests in 5.00s, 271.27MB read
      ERRORSRequests/sec:  23494.12
      Transfer/sec:     54.27MB
      """;

  private static String report(String p50, String p99, String errors) {
    return REPORT.replace("P50", p50).replace("P99", p99).replace("ERRORS", errors);
  }

  @ParameterizedTest(name = "p50 {0}, p99 {1}")
  @CsvSource({
      "812.00us, 13.24ms, 0.812, 13.24",
      "1.10ms, 1.20s, 1.10, 1200",
      "2.00s, 1.00m, 2000, 60000",
  })
  void latencyUnits(String p50, String p99, double p50Millis, double p99Millis) {
    WrkResult r = WrkResult.parse(report(p50, p99, ""));
    assertThat(r.p50Millis()).isCloseTo(p50Millis, within(1e-9));
    assertThat(r.p99Millis()).isCloseTo(p99Millis, within(1e-9));
    assertThat(r.requestsPerSecond()).isEqualTo(23494.12);
    assertThat(r.requests()).isEqualTo(117431);
    assertThat(r.bytesPerSecond()).isCloseTo(54.27 * 1024 * 1024, within(1.0));
    assertThat(r.errors()).isZero();
  }

  @Test
  void socketErrorsAndBadStatusesCountAsErrors() {
    String errors = "  Socket errors: connect 0, read 3, write 1, timeout 2\n  Non-2xx or 3xx responses: 10\n";
    WrkResult r = WrkResult.parse(report("1.00ms", "2.00ms", errors));
    assertThat(r.errors()).isEqualTo(16);
  }

  @Test
  void withoutLatencyDistributionTheOutputIsRejected() {
    assertThatThrownBy(() -> WrkResult.parse("Requests/sec: 1.0\nTransfer/sec: 1.0KB\n10 requests in 1.00s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--latency");
  }

  @ParameterizedTest
  @CsvSource({"B, 1", "KB, 1024", "MB, 1048576", "GB, 1073741824"})
  void sizeUnitsAreBinary(String unit, double bytes) {
    assertThat(WrkResult.unitBytes(unit)).isEqualTo(bytes);
  }
}
