package dev.streamedge.perf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The one table the benchmark prints: per row the three systems' medians, the ratios edge/nginx
 * and edge/Varnish, and a plain verdict against the best of the two (the goal of issue 10: at least
 * the best of nginx and Varnish on every row; one origin request per object under collapse and per
 * live segment). The verdict says "behind" wherever the edge is behind. Varnish has no TLS, so on
 * the HTTPS + HTTP/2 rows the edge is read against nginx alone.
 */
public final class ResultTable {
  public static final String EDGE = "edge";
  public static final String NGINX = "nginx";
  public static final String VARNISH = "Varnish";
  /** Within this fraction of the best, a figure is "on par": rounds on a shared machine vary that much. */
  static final double PAR = 0.03;

  private final Measurements measurements;

  public ResultTable(Measurements measurements) {
    this.measurements = Objects.requireNonNull(measurements, "measurements");
  }

  /** Varnish's cell on the HTTPS rows. */
  static final String NO_TLS_IN_VARNISH = "n/a (no TLS in Varnish)";

  /** The Markdown table (header, one line per metric). */
  public String render() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("| scenario | metric | edge | nginx | Varnish | edge/nginx | edge/Varnish | edge vs best of nginx, Varnish |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Metric m : Metric.values()) {
      if (!m.row()) {
        continue;
      }
      OptionalDouble edge = measurements.median(m, EDGE);
      OptionalDouble nginx = measurements.median(m, NGINX);
      OptionalDouble varnish = measurements.median(m, VARNISH);
      sb.append("| ").append(m.scenario()).append(" | ").append(m.unit())
          .append(m.better() == Metric.Better.HIGHER ? " ↑" : " ↓").append(" | ")
          .append(value(m, edge)).append(" | ").append(value(m, nginx)).append(" | ")
          .append(m.https() && varnish.isEmpty() ? NO_TLS_IN_VARNISH : value(m, varnish))
          .append(" | ").append(ratio(edge, nginx)).append(" | ").append(ratio(edge, varnish)).append(" | ")
          .append(verdict(m, edge, nginx, varnish)).append(" |\n");
    }
    return sb.toString();
  }

  static String value(Metric m, OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, m.format(), v.getAsDouble()) : "n/a";
  }

  static String ratio(OptionalDouble edge, OptionalDouble other) {
    if (edge.isEmpty() || other.isEmpty() || other.getAsDouble() == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f×", edge.getAsDouble() / other.getAsDouble());
  }

  /** The edge against the better of nginx and Varnish on this row, in words. */
  static String verdict(Metric m, OptionalDouble edge, OptionalDouble nginx, OptionalDouble varnish) {
    if (edge.isEmpty()) {
      return "no edge figure";
    }
    double e = edge.getAsDouble();
    if (m == Metric.COLLAPSE_ORIGIN || m == Metric.LIVE_ORIGIN_PER_SEGMENT) {
      double goal = m == Metric.COLLAPSE_ORIGIN ? 1.0 : 1.05;
      return e <= goal ? "goal met (1 origin request)" : String.format(Locale.ROOT, "**goal missed** (%.2f, goal 1)", e);
    }
    List<String> names = new ArrayList<>();
    double best = Double.NaN;
    for (var other : List.of(new Named(NGINX, nginx), new Named(VARNISH, varnish))) {
      if (other.value().isEmpty()) {
        continue;
      }
      double v = other.value().getAsDouble();
      boolean better = Double.isNaN(best) || (m.better() == Metric.Better.HIGHER ? v > best : v < best);
      if (better) {
        best = v;
        names.clear();
        names.add(other.name());
      } else if (v == best) {
        names.add(other.name());
      }
    }
    if (Double.isNaN(best)) {
      return "no other figure";
    }
    String who = String.join("/", names);
    // q > 1 means the edge is better, whichever way the metric goes.
    double q = m.better() == Metric.Better.HIGHER ? e / best : (e == 0 ? Double.POSITIVE_INFINITY : best / e);
    if (q >= 1 + PAR) {
      return "ahead";
    }
    if (q >= 1 - PAR) {
      return "on par (within 3% of " + who + ")";
    }
    if (m.better() == Metric.Better.HIGHER) {
      return String.format(Locale.ROOT, "**behind** %s by %.0f%%", who, (1 - q) * 100);
    }
    return String.format(Locale.ROOT, "**behind** %s (%.2f× its figure)", who, e / best);
  }

  private record Named(String name, OptionalDouble value) {}
}
