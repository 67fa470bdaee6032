package dev.streamedge.perf.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the JIT compiler threads of a HotSpot JVM have used ({@code C1 CompilerThre…} and
 * {@code C2 CompilerThre…} in {@code /proc/<pid>/task/<tid>/comm}), from the scheduler's
 * per-thread run time ({@code schedstat}, nanoseconds; {@code stat}'s 10 ms ticks where it is
 * missing).
 *
 * <p>Why the benchmark watches it: on a 2-core machine a compiling C2 thread takes a core from the
 * event loops and the load generator, and a method the JIT throws away (an "unstable if" the
 * profile said was never taken, a new receiver type) runs interpreted or in C1 until it is compiled
 * again. Switching workloads (small hits, then 1 MiB hits, ranges, HTTP/2, a miss) does exactly
 * that to the shared request path. Measured at `dcf7407`, edge alone, 4 s playlist runs from a
 * cold start: C2 used 1.5, 1.3 and 0.4 s of CPU in the first three runs, then 3-54 ms per run,
 * and the p99 went from 38 and 10 ms to 4-6 ms.
 */
public final class JitActivity {
  private JitActivity() {}

  /** Milliseconds of CPU the compiler threads of {@code pid} have used so far; -1 without /proc. */
  public static long compilerMillis(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long nanos = 0;
    boolean any = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path task : ds) {
        try {
          if (!isCompiler(Files.readString(task.resolve("comm")))) {
            continue;
          }
          nanos += runNanos(task);
          any = true;
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read: its time is gone with it
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return any ? nanos / 1_000_000 : -1;
  }

  /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1" (cut to 15 characters). */
  static boolean isCompiler(String comm) {
    String c = comm.strip();
    return c.startsWith("C1 Compiler") || c.startsWith("C2 Compiler");
  }

  private static long runNanos(Path task) throws IOException {
    Path schedstat = task.resolve("schedstat");
    if (Files.isReadable(schedstat)) {
      return parseSchedstat(Files.readString(schedstat));
    }
    return ForeignCpu.parseProcessTicks(Files.readString(task.resolve("stat")), false) * 10_000_000L;
  }

  /** The first field of {@code schedstat}: time spent running, in nanoseconds. */
  static long parseSchedstat(String line) {
    return Long.parseLong(line.strip().split("\\s+")[0]);
  }
}
