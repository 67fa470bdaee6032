package dev.streamedge.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java main class run in a separate JVM with the test's classpath: for memory limits
 * ({@code -Xmx64m}), crashes ({@code kill -9}) and real process boundaries. Output lines are
 * collected so a test can wait for, say, the "listening on" line.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path outputFile;

  private ChildJvm(Process process, Path outputFile) {
    this.process = process;
    this.outputFile = outputFile;
  }

  /**
   * Starts {@code mainClass} with JVM options and arguments; stdout and stderr go to one file.
   * (Not a pipe: when a child exits, the JDK closes the pipe under a blocked reader and its last
   * lines, such as a shutdown message, can be lost.)
   */
  public static ChildJvm start(List<String> jvmOptions, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("child-jvm-", ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      return new ChildJvm(p, out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + mainClass, e);
    }
  }

  /** The lines the child has written so far. */
  public List<String> lines() {
    try {
      return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Waits for an output line matching {@code test} and returns it. */
  public String awaitLine(Duration timeout, Predicate<String> test, String what) {
    String[] found = new String[1];
    Await.until(timeout, () -> {
      boolean exited = !process.isAlive();
      for (String l : lines()) {
        if (test.test(l)) {
          found[0] = l;
          return true;
        }
      }
      if (exited) {
        throw new AssertionError("child exited (" + process.exitValue() + ") before " + what + ":\n" + output());
      }
      return false;
    }, what);
    return found[0];
  }

  public String output() {
    return String.join("\n", lines());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: the process gets no chance to clean up. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then waits for the exit code. */
  public int terminate(Duration timeout) {
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("child did not stop within " + timeout + " after SIGTERM:\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Files.deleteIfExists(outputFile);
    } catch (IOException e) {
      // a temp file; the OS cleans up
    }
  }
}
