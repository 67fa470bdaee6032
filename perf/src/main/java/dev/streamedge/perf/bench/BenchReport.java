package dev.streamedge.perf.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The report of one run as Markdown: when and on what it was measured, the load, the settings,
 * the table, the reference figures the goals are read against, and every note.
 *
 * @param when the run's start
 * @param revision the source revision measured (git), or a placeholder
 * @param machine lines from {@link MachineFacts#describe}
 * @param loadBefore the 1-minute load average before anything started
 * @param foreignCpu cores' worth of CPU other processes used during each round
 */
public record BenchReport(Instant when, String revision, List<String> machine, double loadBefore,
    List<Double> foreignCpu, String settings, Measurements measurements) {
  /** Above this 1-minute load average before the run (2 cores) the figures are noisy. */
  public static final double BUSY_LOAD = 2.0;
  /** Above this much CPU used by others during a round, the figures are noisy. */
  public static final double BUSY_FOREIGN_CORES = 0.5;

  public BenchReport {
    Objects.requireNonNull(when, "when");
    machine = List.copyOf(machine);
    foreignCpu = List.copyOf(foreignCpu);
    Objects.requireNonNull(measurements, "measurements");
  }

  public boolean busy() {
    return loadBefore > BUSY_LOAD || foreignCpu.stream().anyMatch(c -> c > BUSY_FOREIGN_CORES);
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder(8192);
    sb.append("Measured ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
        .format(when.atOffset(ZoneOffset.UTC))).append(" by `./streamedge bench` at ").append(revision).append(".\n\n");
    for (String line : machine) {
      sb.append("- ").append(line).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "- load: 1-min load average %.2f before the run; CPU used by other "
        + "processes during each round: ", loadBefore));
    for (int i = 0; i < foreignCpu.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", foreignCpu.get(i)));
    }
    sb.append(" cores").append(busy() ? " (**busy machine: figures are noisy**; quiet means a load average ≤ "
        + BUSY_LOAD + " before and ≤ " + BUSY_FOREIGN_CORES + " cores used by others)" : " (quiet)").append('\n');
    sb.append("- ").append(settings).append("\n\n");
    sb.append(new ResultTable(measurements).render()).append('\n');
    sb.append("↑ higher is better, ↓ lower is better. Ratios are edge ÷ other. \"Behind\" marks every row where the "
        + "edge does not reach the better of nginx and Varnish.\n\n");
    sb.append("Reference figures:\n\n");
    OptionalDouble origin = measurements.median(Metric.LARGE_THROUGHPUT, "origin");
    OptionalDouble edgeLarge = measurements.median(Metric.LARGE_THROUGHPUT, ResultTable.EDGE);
    if (origin.isPresent()) {
      sb.append(String.format(Locale.ROOT, "- 1 GiB object from the origin directly (origin-packager `/files/`, "
          + "zero-copy): %,.0f MB/s", origin.getAsDouble()));
      if (edgeLarge.isPresent()) {
        double q = edgeLarge.getAsDouble() / origin.getAsDouble();
        sb.append(String.format(Locale.ROOT, "; edge/origin = %.2f (goal ≥ 0.90: %s)", q, q >= 0.9 ? "met" : "**missed**"));
      }
      sb.append('\n');
    }
    OptionalDouble slow = measurements.median(Metric.COLLAPSE_LAST_BYTE, "origin");
    OptionalDouble edgeSlow = measurements.median(Metric.COLLAPSE_LAST_BYTE, ResultTable.EDGE);
    if (slow.isPresent()) {
      sb.append(String.format(Locale.ROOT, "- the slow object from its origin alone: %.3f s", slow.getAsDouble()));
      if (edgeSlow.isPresent()) {
        double q = edgeSlow.getAsDouble() / slow.getAsDouble();
        sb.append(String.format(Locale.ROOT, "; edge's last viewer / origin alone = %.2f (goal ≤ 1.05: %s)", q,
            q <= 1.05 ? "met" : "**missed**"));
      }
      sb.append('\n');
    }
    OptionalDouble fanOut = measurements.median(Metric.COLLAPSE_LAST_BYTE, "origin-fanout");
    if (fanOut.isPresent()) {
      sb.append(String.format(Locale.ROOT, "- the slow object from its origin to the same clients at once "
          + "(no cache: one origin request each; the client's own cost of receiving the bodies together): %.3f s",
          fanOut.getAsDouble()));
      if (edgeSlow.isPresent()) {
        sb.append(String.format(Locale.ROOT, "; edge's last viewer / that = %.2f", edgeSlow.getAsDouble() / fanOut.getAsDouble()));
      }
      sb.append('\n');
    }
    StringBuilder playlists = new StringBuilder();
    for (String s : List.of(ResultTable.EDGE, ResultTable.NGINX, ResultTable.VARNISH)) {
      OptionalDouble v = measurements.median(Metric.LIVE_PLAYLIST_ORIGIN_RATE, s);
      if (v.isPresent()) {
        playlists.append(playlists.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.1f", s, v.getAsDouble()));
      }
    }
    if (playlists.length() > 0) {
      sb.append("- live: playlist requests per second that reached the origin (playlists are fresh for 1 s): ")
          .append(playlists).append('\n');
    }
    List<String> notes = measurements.notes();
    if (!notes.isEmpty()) {
      sb.append("\nNotes:\n\n");
      for (String n : notes) {
        sb.append("- ").append(n).append('\n');
      }
    }
    return sb.toString();
  }
}
