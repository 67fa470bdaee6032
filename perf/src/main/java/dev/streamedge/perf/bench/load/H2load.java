package dev.streamedge.perf.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTPS + HTTP/2 load generator: h2load (nghttp2-client; C, one event loop per thread), with
 * several concurrent streams per connection, as a player fetching a playlist and segments over one
 * HTTP/2 connection would have. Timing-based ({@code -D}), like wrk, so a run takes the same time
 * whatever the server's speed; latencies come from its per-request log ({@link H2loadResult}).
 * It does not verify certificates, so a self-signed one serves.
 */
public final class H2load {
  private final Path executable;
  private final int threads;
  private final int connections;
  private final int streams;

  /**
   * @param streams concurrent streams per connection ({@code -m})
   */
  public H2load(Path executable, int threads, int connections, int streams) {
    this.executable = Objects.requireNonNull(executable, "executable");
    if (threads < 1 || connections < threads || streams < 1) {
      throw new IllegalArgumentException("need threads >= 1, connections >= threads and streams >= 1");
    }
    this.threads = threads;
    this.connections = connections;
    this.streams = streams;
  }

  /** Runs one measurement of {@code duration} against an {@code https://} {@code url}. */
  public H2loadResult run(URI url, List<String> headers, Duration duration) {
    Path logFile = null;
    try {
      logFile = Files.createTempFile("bench-h2load", ".log");
      List<String> cmd = command(url, headers, duration, logFile);
      ExternalCommand.Result r = ExternalCommand.run(cmd, duration.plusSeconds(30));
      if (!r.ok()) {
        throw new IllegalStateException("h2load failed (exit " + r.exitCode() + (r.timedOut() ? ", timed out" : "")
            + "): " + r.stderr().strip());
      }
      try (BufferedReader log = Files.newBufferedReader(logFile, StandardCharsets.US_ASCII)) {
        return H2loadResult.parse(r.stdout(), log);
      } catch (IllegalArgumentException e) {
        String stderr = r.stderr().strip();
        throw new IllegalStateException(e.getMessage() + (stderr.isEmpty() ? "" : " (stderr: " + stderr + ")"), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (logFile != null) {
        try {
          Files.deleteIfExists(logFile);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  List<String> command(URI url, List<String> headers, Duration duration, Path logFile) {
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-t", Integer.toString(threads),
        "-c", Integer.toString(connections), "-m", Integer.toString(streams),
        "-D", Math.max(100, duration.toMillis()) + "ms", "--log-file=" + logFile));
    for (String h : headers) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.add(url.toString());
    return cmd;
  }
}
