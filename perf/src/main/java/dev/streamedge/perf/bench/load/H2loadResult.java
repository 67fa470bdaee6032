package dev.streamedge.perf.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One h2load run (nghttp2 1.4x-1.6x, timing-based with {@code -D} and {@code --log-file}):
 * requests/s from its report, median and 99th-percentile latency from its per-request log, and what
 * was negotiated.
 *
 * <p>h2load's own "time for request" line has min, max, mean and sd of a sample, no percentiles; its
 * {@code --log-file} has one line per request finished in the measured period: start time (µs since
 * the epoch), status ({@code -1} for a failed stream) and µs until the end of the response. The
 * percentiles here are over the responses in that log (nearest rank, as {@link LatencySamples}).
 *
 * @param requestsPerSecond h2load's figure: succeeded requests per second of the measured period
 * @param requests requests done (succeeded, failed, errored)
 * @param errors failed requests: non-2xx statuses, stream errors and timeouts (h2load counts all of
 *     them as "failed")
 * @param applicationProtocol what ALPN chose ({@code h2}, or {@code http/1.1} if the server does not
 *     offer h2)
 * @param tlsProtocol e.g. {@code TLSv1.3}
 * @param cipher e.g. {@code TLS_AES_128_GCM_SHA256}
 */
public record H2loadResult(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors,
    String applicationProtocol, String tlsProtocol, String cipher) {

  private static final Pattern FINISHED = Pattern.compile("finished in [0-9.]+[a-z]+, ([0-9.]+) req/s");
  private static final Pattern REQUESTS = Pattern.compile(
      "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed");
  private static final Pattern ALPN = Pattern.compile("^Application protocol: (\\S+)", Pattern.MULTILINE);
  private static final Pattern TLS = Pattern.compile("^TLS Protocol: (\\S+)", Pattern.MULTILINE);
  private static final Pattern CIPHER = Pattern.compile("^Cipher: (\\S+)", Pattern.MULTILINE);

  /**
   * Parses h2load's report and its per-request log; throws {@link IllegalArgumentException} naming
   * what is missing (no connection, no request answered).
   */
  public static H2loadResult parse(String output, BufferedReader requestLog) {
    double rps = Double.parseDouble(find(FINISHED, output, "\"finished in\" line").group(1));
    Matcher r = find(REQUESTS, output, "request counts");
    long done = Long.parseLong(r.group(3));
    long succeeded = Long.parseLong(r.group(4));
    long failed = Long.parseLong(r.group(5));
    Matcher alpn = ALPN.matcher(output);
    if (!alpn.find()) {
      throw new IllegalArgumentException("h2load negotiated no protocol (did it connect?): " + clip(output));
    }
    if (succeeded == 0) {
      throw new IllegalArgumentException("h2load: no request succeeded (" + failed + " failed of " + done + ")");
    }
    LatencySamples latencies = latencies(requestLog);
    if (latencies.count() == 0) {
      throw new IllegalArgumentException("the h2load log has no answered request (run with --log-file)");
    }
    return new H2loadResult(rps, latencies.percentileMillis(50), latencies.percentileMillis(99), done, failed,
        alpn.group(1), group(TLS, output), group(CIPHER, output));
  }

  /** Response times of the log's answered requests (status other than -1). */
  static LatencySamples latencies(BufferedReader requestLog) {
    LatencySamples samples = new LatencySamples();
    try {
      String line;
      while ((line = requestLog.readLine()) != null) {
        String[] f = line.split("\t");
        if (f.length < 3) {
          continue; // a line cut short by h2load stopping; no such line has a complete request
        }
        if (Integer.parseInt(f[1].strip()) > 0) {
          samples.add(Long.parseLong(f[2].strip()) * 1_000);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the h2load log", e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an h2load log line: " + e.getMessage(), e);
    }
    return samples;
  }

  private static Matcher find(Pattern p, String output, String what) {
    Matcher m = p.matcher(output);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + what + " in h2load output: " + clip(output));
    }
    return m;
  }

  private static String group(Pattern p, String output) {
    Matcher m = p.matcher(output);
    return m.find() ? m.group(1) : "";
  }

  private static String clip(String s) {
    String oneLine = s.replace('\n', ' ').strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
