package dev.streamedge.perf.bench.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wrk run (wrk 4.x with {@code --latency}): requests/s, median and 99th-percentile latency,
 * and the error counts that make the figures suspect.
 *
 * @param requests completed requests
 * @param errors socket errors (connect, read, write, timeout) plus non-2xx/3xx responses
 */
public record WrkResult(double requestsPerSecond, double p50Millis, double p99Millis,
    double bytesPerSecond, long requests, long errors) {

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMGT]?B)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  /** Parses wrk's report; throws {@link IllegalArgumentException} naming what is missing. */
  public static WrkResult parse(String output) {
    double rps = Double.parseDouble(find(RPS, output, "Requests/sec").group(1));
    Matcher t = find(TRANSFER, output, "Transfer/sec");
    double bytes = Double.parseDouble(t.group(1)) * unitBytes(t.group(2));
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher m = PERCENTILE.matcher(output);
    while (m.find()) {
      double ms = Double.parseDouble(m.group(2)) * unitMillis(m.group(3));
      if (m.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    if (Double.isNaN(p50) || Double.isNaN(p99)) {
      throw new IllegalArgumentException("no latency distribution in wrk output (run with --latency)");
    }
    long requests = Long.parseLong(find(REQUESTS, output, "request count").group(1));
    long errors = 0;
    Matcher s = SOCKET_ERRORS.matcher(output);
    if (s.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(s.group(g));
      }
    }
    Matcher n = NON_2XX.matcher(output);
    if (n.find()) {
      errors += Long.parseLong(n.group(1));
    }
    return new WrkResult(rps, p50, p99, bytes, requests, errors);
  }

  private static Matcher find(Pattern p, String output, String what) {
    Matcher m = p.matcher(output);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + what + " in wrk output: " + clip(output));
    }
    return m;
  }

  static double unitMillis(String unit) {
    return switch (unit) {
      case "us" -> 0.001;
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> throw new IllegalArgumentException("unknown time unit " + unit);
    };
  }

  // wrk prints binary multiples with decimal-looking names (its format_binary).
  static double unitBytes(String unit) {
    return switch (unit.toUpperCase(Locale.ROOT)) {
      case "B" -> 1;
      case "KB" -> 1024;
      case "MB" -> 1024.0 * 1024;
      case "GB" -> 1024.0 * 1024 * 1024;
      case "TB" -> 1024.0 * 1024 * 1024 * 1024;
      default -> throw new IllegalArgumentException("unknown size unit " + unit);
    };
  }

  private static String clip(String s) {
    String oneLine = s.replace('\n', ' ').strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }
}
