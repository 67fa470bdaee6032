package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server the harness started (the edge JVM, nginx's master, varnishd's manager), with its output
 * in a log file. It is stopped by its own PID (SIGTERM, then SIGKILL after a grace period), and so
 * are the children it had, which are remembered before the signal: nothing else on the machine is
 * touched.
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /** Starts {@code command} with stdout and stderr appended to {@code logFile}. */
  public static ChildProcess start(String name, List<String> command, Path logFile) {
    Objects.requireNonNull(command, "command");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
      p.getOutputStream().close();
      log.debug("started {} (pid {}): {}", name, p.pid(), String.join(" ", command));
      return new ChildProcess(name, p, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits until {@code port} on 127.0.0.1 accepts connections; fails early if the process exits. */
  public void awaitPort(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue()
            + " before listening; its log (" + logFile + ") ends with:\n" + logTail(20));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        pause(Duration.ofMillis(50));
      }
    }
    throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within " + timeout.toSeconds()
        + " s; its log (" + logFile + ") ends with:\n" + logTail(20));
  }

  /** The last {@code lines} lines of the process's log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Peak resident set size (VmHWM) of process {@code pid} in bytes, or -1 if unknown. */
  public static long peakRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).strip().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("no VmHWM for pid {}: {}", pid, e.toString());
    }
    return -1;
  }

  @Override
  public void close() {
    List<ProcessHandle> family = new ArrayList<>();
    process.toHandle().descendants().forEach(family::add);
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          log.warn("{} (pid {}) ignored SIGTERM for 15 s; killing it", name, process.pid());
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    for (ProcessHandle child : family) {
      if (child.isAlive()) {
        child.destroy();
        try {
          child.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis()); // polling an external process; there is nothing to wait on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
