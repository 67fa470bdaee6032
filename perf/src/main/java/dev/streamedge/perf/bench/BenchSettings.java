package dev.streamedge.perf.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one benchmark run does. Defaults ({@code ./streamedge bench} without options) fit the
 * 10-minute bound on a 2-core machine.
 *
 * @param home the checkout ({@code perf/conf}, {@code streaming-edge/target}, {@code docs/})
 * @param rounds rounds; every system is measured once per row per round, order rotated per round
 * @param runTime one wrk or h2load run
 * @param warmup unmeasured playlist load for the edge before the first round (half of it for each
 *     other hit workload), followed by a rehearsal round of the edge alone; nginx and Varnish get
 *     a fifth of it plus 1 s per hit workload
 * @param threads wrk and h2load threads
 * @param connections wrk and h2load connections
 * @param largeBytes the size of the "1 GiB" object
 * @param collapseClients concurrent requests in the cold-collapse row
 * @param viewers simulated live viewers
 * @param liveTime how long the live viewers watch, per system and round
 * @param systems the systems to run (edge, nginx, Varnish)
 * @param edgeJvmOptions options for the edge's JVM (heap)
 * @param nginxWorkers nginx worker processes
 * @param varnishStorage malloc size for varnishd
 * @param budget the whole run's time bound: no round starts that would not fit
 * @param outDir where the report file goes
 * @param keepTemp keep the run directory (configs, logs, caches) for inspection
 */
public record BenchSettings(Path home, int rounds, Duration runTime, Duration warmup, int threads, int connections, long largeBytes,
    int collapseClients, int viewers, Duration liveTime, Set<String> systems, List<String> edgeJvmOptions,
    int nginxWorkers, String varnishStorage, Duration budget, Path outDir, boolean keepTemp) {

  public BenchSettings {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(runTime, "runTime");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(liveTime, "liveTime");
    systems = Set.copyOf(systems);
    edgeJvmOptions = List.copyOf(edgeJvmOptions);
    Objects.requireNonNull(varnishStorage, "varnishStorage");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(outDir, "outDir");
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1");
    }
    if (connections < threads || threads < 1) {
      throw new IllegalArgumentException("--connections must be >= --threads >= 1");
    }
  }

  public Path confDir() {
    return home.resolve("perf/conf");
  }

  /** One line for the report. */
  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "%d round%s, systems interleaved (order rotated each round), medians of the rounds; the one-connection "
            + "rows %d (1 MiB range) and %d (1 GiB download) runs per system and round, interleaved, median of all "
            + "runs; wrk %d threads, "
            + "%d connections, %d s per run (the edge warmed up %d s on the playlist and half that per other hit workload, "
            + "then a rehearsal round of the edge alone, not counted); h2load the same with 10 "
            + "streams per connection; collapse %d clients; live %d viewers for %d s per system and round; "
            + "edge JVM %s; nginx %d workers; Varnish malloc %s",
        rounds, rounds == 1 ? "" : "s", BenchRun.SINGLE_CONNECTION_RUNS, BenchRun.LARGE_DOWNLOADS, threads, connections, runTime.toSeconds(),
        warmup.toSeconds(), collapseClients, viewers, liveTime.toSeconds(),
        edgeJvmOptions.isEmpty() ? "defaults" : String.join(" ", edgeJvmOptions), nginxWorkers, varnishStorage);
  }
}
