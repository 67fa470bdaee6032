package dev.streamedge.perf.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP/1.1 load generator for the hit rows: wrk (C, epoll, keep-alive, one event loop per
 * thread), which on this machine outruns every server it measures, so the figures are the
 * server's, not the client's.
 */
public final class Wrk {
  private final Path executable;
  private final int threads;
  private final int connections;

  public Wrk(Path executable, int threads, int connections) {
    this.executable = Objects.requireNonNull(executable, "executable");
    if (threads < 1 || connections < threads) {
      throw new IllegalArgumentException("need threads >= 1 and connections >= threads");
    }
    this.threads = threads;
    this.connections = connections;
  }

  /** Runs one wrk measurement of {@code duration} against {@code url} with extra request headers. */
  public WrkResult run(URI url, List<String> headers, Duration duration) {
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-t" + threads, "-c" + connections,
        "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency", "--timeout", "10s"));
    for (String h : headers) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.add(url.toString());
    ExternalCommand.Result r = ExternalCommand.run(cmd, duration.plusSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("wrk failed (exit " + r.exitCode() + "): " + r.stderr().strip());
    }
    return WrkResult.parse(r.stdout());
  }
}
