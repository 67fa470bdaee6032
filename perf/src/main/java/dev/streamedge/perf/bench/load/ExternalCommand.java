package dev.streamedge.perf.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived tool (wrk, curl, h2load) to completion with a deadline, its output captured
 * in temporary files (a pipe could fill and stall the tool). A tool still running at the deadline
 * is killed by its PID.
 */
public final class ExternalCommand {
  /** What the tool printed, and how it ended. */
  public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }
  }

  private ExternalCommand() {}

  public static Result run(List<String> command, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("bench-cmd", ".out");
      err = Files.createTempFile("bench-cmd", ".err");
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      return new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), !done);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
