package dev.streamedge.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used by processes that are not the benchmark's own while it runs: the machine's busy time
 * ({@code /proc/stat}) minus that of this JVM and every process it started (servers, wrk, curl;
 * {@code /proc/<pid>/stat}, children's time included once they are reaped). The load average
 * cannot tell this: the benchmark's own wrk and servers load the machine by design.
 */
public final class ForeignCpu {
  /** Linux's USER_HZ on every architecture the JDK supports here. */
  private static final double TICKS_PER_SECOND = 100;

  /** One reading. */
  public record Sample(long nanos, long busyTicks, long ownTicks) {}

  private ForeignCpu() {}

  public static Sample sample() {
    long own = ownTicks(ProcessHandle.current().pid(), true);
    for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
      own += ownTicks(p.pid(), true);
    }
    return new Sample(System.nanoTime(), busyTicks(), own);
  }

  /** Cores' worth of CPU other processes used between two samples; NaN without /proc. */
  public static double cores(Sample from, Sample to) {
    double seconds = (to.nanos() - from.nanos()) / 1e9;
    if (seconds <= 0 || from.busyTicks() < 0 || to.busyTicks() < 0) {
      return Double.NaN;
    }
    long foreign = (to.busyTicks() - from.busyTicks()) - (to.ownTicks() - from.ownTicks());
    return Math.max(0, foreign / TICKS_PER_SECOND / seconds);
  }

  /** user + nice + system + irq + softirq + steal of the "cpu" line, or -1. */
  static long busyTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      return parseBusy(line);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long parseBusy(String cpuLine) {
    String[] f = cpuLine.strip().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      if (i < f.length) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }

  /** utime + stime (+ cutime + cstime) of a process, 0 if it is gone. */
  static long ownTicks(long pid, boolean withChildren) {
    try {
      return parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), withChildren);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Fields 14-17 of /proc/PID/stat; the command name (field 2) may contain spaces and parentheses. */
  static long parseProcessTicks(String stat, boolean withChildren) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3].
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
  }
}
