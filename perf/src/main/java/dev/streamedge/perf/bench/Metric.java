package dev.streamedge.perf.bench;

/**
 * A row of the comparison table: what is measured, its unit, and which way is better.
 */
public enum Metric {
  PLAYLIST_RPS("2 KB playlist hit, 64 conn", "requests/s", Better.HIGHER, "%,.0f"),
  PLAYLIST_P50("2 KB playlist hit, 64 conn", "p50 latency ms", Better.LOWER, "%.2f"),
  PLAYLIST_P99("2 KB playlist hit, 64 conn", "p99 latency ms", Better.LOWER, "%.2f"),
  SEGMENT_RPS("1 MiB segment hit, 64 conn", "requests/s", Better.HIGHER, "%,.0f"),
  SEGMENT_P50("1 MiB segment hit, 64 conn", "p50 latency ms", Better.LOWER, "%.2f"),
  SEGMENT_P99("1 MiB segment hit, 64 conn", "p99 latency ms", Better.LOWER, "%.2f"),
  RANGE_RPS("1 MiB range of a cached 4 MiB object, 64 conn", "requests/s", Better.HIGHER, "%,.0f"),
  RANGE_P99("1 MiB range of a cached 4 MiB object, 64 conn", "p99 latency ms", Better.LOWER, "%.2f"),
  RANGE_SINGLE("1 MiB range of a cached 4 MiB object, 1 connection", "MB/s", Better.HIGHER, "%,.0f"),
  H2_PLAYLIST_RPS("HTTPS + HTTP/2 2 KB playlist hit, 64 conn × 10 streams", "requests/s", Better.HIGHER, "%,.0f", true, true),
  H2_PLAYLIST_P50("HTTPS + HTTP/2 2 KB playlist hit, 64 conn × 10 streams", "p50 latency ms", Better.LOWER, "%.2f", true, true),
  H2_PLAYLIST_P99("HTTPS + HTTP/2 2 KB playlist hit, 64 conn × 10 streams", "p99 latency ms", Better.LOWER, "%.2f", true, true),
  H2_SEGMENT_RPS("HTTPS + HTTP/2 1 MiB segment hit, 64 conn × 10 streams", "requests/s", Better.HIGHER, "%,.0f", true, true),
  H2_SEGMENT_P50("HTTPS + HTTP/2 1 MiB segment hit, 64 conn × 10 streams", "p50 latency ms", Better.LOWER, "%.2f", true, true),
  H2_SEGMENT_P99("HTTPS + HTTP/2 1 MiB segment hit, 64 conn × 10 streams", "p99 latency ms", Better.LOWER, "%.2f", true, true),
  LARGE_THROUGHPUT("cached 1 GiB object, 1 connection", "MB/s", Better.HIGHER, "%,.0f"),
  PEAK_RSS("peak RSS over the whole run", "MiB", Better.LOWER, "%,.0f"),
  COLLAPSE_ORIGIN("cold collapse: 50 concurrent misses, 1 s origin", "origin requests", Better.LOWER, "%.0f"),
  COLLAPSE_LAST_BYTE("cold collapse: 50 concurrent misses, 1 s origin", "last byte s", Better.LOWER, "%.3f"),
  LIVE_ORIGIN_PER_SEGMENT("live: simulated viewers, 2 s segments", "origin requests/segment", Better.LOWER, "%.2f"),
  LIVE_P99_TTFB("live: simulated viewers, 2 s segments", "p99 segment TTFB ms", Better.LOWER, "%.1f"),
  /** Not a row: origin playlist requests per second in the live scenario (for the notes). */
  LIVE_PLAYLIST_ORIGIN_RATE("live: simulated viewers, 2 s segments", "origin playlist requests/s", Better.LOWER,
      "%.1f", false);

  /** Which direction is an improvement. */
  public enum Better { HIGHER, LOWER }

  private final String scenario;
  private final String unit;
  private final Better better;
  private final String format;
  private final boolean row;
  private final boolean https;

  Metric(String scenario, String unit, Better better, String format) {
    this(scenario, unit, better, format, true);
  }

  Metric(String scenario, String unit, Better better, String format, boolean row) {
    this(scenario, unit, better, format, row, false);
  }

  Metric(String scenario, String unit, Better better, String format, boolean row, boolean https) {
    this.scenario = scenario;
    this.unit = unit;
    this.better = better;
    this.format = format;
    this.row = row;
    this.https = https;
  }

  /** Whether the metric is a row of the table (others appear in the notes). */
  public boolean row() {
    return row;
  }

  public String scenario() {
    return scenario;
  }

  public String unit() {
    return unit;
  }

  public Better better() {
    return better;
  }

  public String format() {
    return format;
  }

  /** Whether the row is measured over HTTPS (so not for Varnish, which has no TLS). */
  public boolean https() {
    return https;
  }
}
