package dev.streamedge.perf.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H2loadResultTest {
  /** h2load 1.52 (Debian 12), -D 5 -c 64 -m 10 -t 2 against nginx. */
  private static final String REPORT = """
      starting benchmark...
      spawning thread #0: 32 total client(s). Timing-based test with 0s of warm-up time and 5s of main duration for measurements.
      spawning thread #1: 32 total client(s). Timing-based test with 0s of warm-up time and 5s of main duration for measurements.
      Warm-up started for thread #0.
      Warm-up started for thread #1.
      progress: 50% of clients started
      progress: 100% of clients started
      Warm-up phase is over for thread #0.
      Main benchmark duration is started for thread #0.
      TLS Protocol: TLSv1.3
      Cipher: TLS_AES_256_GCM_SHA384
      Server Temp Key: X25519 253 bits
      Application protocol: ALPN
      Main benchmark duration is over for thread #0. Stopping all clients.
      Stopped all clients for thread #0

      finished in 5.00s, 23494.12 req/s, 52.36MB/s
      requests: 117481 total, 117545 started, 117481 done, SUCCEEDED succeeded, FAILED failed, 0 errored, 0 timeout
      status codes: 117471 2xx, 0 3xx, 10 4xx, 0 5xx
      traffic: 261.81MB (274530112) total, 5.04MB (5286645) headers (space savings 39.66%), 229.45MB (240601088) data
                           min         max         mean         sd        +/- sd
      time for request:      101us     52.11ms      2.67ms      3.13ms    84.24%
      time for connect:     3.65ms     28.20ms     15.93ms      7.08ms    55.00%
      time to 1st byte:     5.56ms     39.29ms     17.51ms      9.56ms    50.00%
      req/s           :     301.27      415.39      367.09       26.27    75.00%
      """;

  private static String report(String alpn, long succeeded, long failed) {
    return REPORT.replace("ALPN", alpn).replace("SUCCEEDED", Long.toString(succeeded))
        .replace("FAILED", Long.toString(failed));
  }

  private static BufferedReader log(String text) {
    return new BufferedReader(new StringReader(text));
  }

  /** start (µs since the epoch), status, µs to the end of the response: one line per request. */
  private static String logOf(long... micros) {
    return IntStream.range(0, micros.length)
        .mapToObj(i -> (1795517023573304L + i) + "\t200\t" + micros[i])
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void requestsPerSecondAndNegotiationFromTheReportPercentilesFromTheLog() {
    long[] micros = new long[100];
    for (int i = 0; i < 100; i++) {
      micros[i] = (100 - i) * 1000L; // 100 ms down to 1 ms, out of order as threads write them
    }
    H2loadResult r = H2loadResult.parse(report("h2", 117471, 10), log(logOf(micros)));
    assertThat(r.requestsPerSecond()).isEqualTo(23494.12);
    assertThat(r.requests()).isEqualTo(117481);
    assertThat(r.errors()).isEqualTo(10);
    assertThat(r.applicationProtocol()).isEqualTo("h2");
    assertThat(r.tlsProtocol()).isEqualTo("TLSv1.3");
    assertThat(r.cipher()).isEqualTo("TLS_AES_256_GCM_SHA384");
    assertThat(r.p50Millis()).isCloseTo(50.0, within(1e-9));
    assertThat(r.p99Millis()).isCloseTo(99.0, within(1e-9));
  }

  /** Nearest rank over the answered requests; failed streams (-1) have no response time. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "one request                 | 1\\t200\\t1500                            | 1.5   | 1.5",
      "failed streams are left out | 1\\t200\\t1000\\n2\\t-1\\t90000000\\n3\\t200\\t3000 | 1.0 | 3.0",
      "4xx answers are counted     | 1\\t404\\t250\\n2\\t200\\t750             | 0.25  | 0.75",
      "a line cut short is skipped | 1\\t200\\t2000\\n2\\t20                   | 2.0   | 2.0",
  })
  void percentilesFromTheLog(String name, String log, double p50, double p99) {
    String text = log.replace("\\t", "\t").replace("\\n", "\n");
    H2loadResult r = H2loadResult.parse(report("h2", 3, 0), log(text));
    assertThat(r.p50Millis()).isCloseTo(p50, within(1e-9));
    assertThat(r.p99Millis()).isCloseTo(p99, within(1e-9));
  }

  @Test
  void http11IsReportedAsNegotiated() {
    H2loadResult r = H2loadResult.parse(report("http/1.1", 10, 0), log(logOf(1000)));
    assertThat(r.applicationProtocol()).isEqualTo("http/1.1");
  }

  /** A refused connection: h2load exits 0 with zero counts and never prints a protocol. */
  @Test
  void noConnectionIsRejected() {
    String refused = """
        starting benchmark...
        Main benchmark duration is over for thread #0. Stopping all clients.

        finished in 1.00s, 0.00 req/s, 0B/s
        requests: 0 total, 0 started, 0 done, 0 succeeded, 0 failed, 0 errored, 0 timeout
        status codes: 0 2xx, 0 3xx, 0 4xx, 0 5xx
        """;
    assertThatThrownBy(() -> H2loadResult.parse(refused, log("")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negotiated no protocol");
  }

  @Test
  void noSucceededRequestIsRejected() {
    assertThatThrownBy(() -> H2loadResult.parse(report("h2", 0, 100), log("1\t404\t100\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no request succeeded (100 failed");
  }

  @Test
  void anEmptyLogIsRejected() {
    assertThatThrownBy(() -> H2loadResult.parse(report("h2", 10, 0), log("")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--log-file");
  }

  @Test
  void aReportWithoutTotalsIsRejected() {
    assertThatThrownBy(() -> H2loadResult.parse("starting benchmark...\n", log(logOf(1000))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finished in");
  }

  @Test
  void commandIsTimingBasedWithStreamsAndAPerRequestLog() {
    H2load h2load = new H2load(Path.of("/usr/bin/h2load"), 2, 64, 10);
    List<String> cmd = h2load.command(URI.create("https://127.0.0.1:8443/files/hls/playlist.m3u8"),
        List.of("Range: bytes=0-1"), Duration.ofSeconds(5), Path.of("/tmp/r.log"));
    assertThat(cmd).containsExactly("/usr/bin/h2load", "-t", "2", "-c", "64", "-m", "10", "-D", "5000ms",
        "--log-file=/tmp/r.log", "-H", "Range: bytes=0-1", "https://127.0.0.1:8443/files/hls/playlist.m3u8");
  }
}
