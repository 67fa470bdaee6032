package dev.streamedge.perf.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JFR recording and says where the time and the allocations went: the hottest frames
 * (self time), the streamedge methods most often on the stack (inclusive), the allocation sites by
 * sampled weight, the CPU per thread and the GC pauses. Plain JDK API ({@code jdk.jfr.consumer});
 * no agent needed. Usable alone: {@code java -cp ... dev.streamedge.perf.profile.JfrHotFrames FILE.jfr}.
 */
public final class JfrHotFrames {
  private static final Logger log = LoggerFactory.getLogger(JfrHotFrames.class);
  private static final String OUR = "dev.streamedge.";

  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> ourInclusive = new HashMap<>();
  private final Map<String, Long> ourSelfish = new HashMap<>();
  private final Map<String, Long> allocBySite = new HashMap<>();
  private final Map<String, Long> allocByOurFrame = new HashMap<>();
  private final Map<String, Double> threadCpu = new HashMap<>();
  private final Map<String, Long> threadCpuSamples = new HashMap<>();
  private long samples;
  private long allocWeight;
  private long gcCount;
  private double gcPauseMillis;

  private JfrHotFrames() {}

  /** Reads {@code recording}. */
  public static JfrHotFrames read(Path recording) throws IOException {
    JfrHotFrames h = new JfrHotFrames();
    try (RecordingFile f = new RecordingFile(recording)) {
      while (f.hasMoreEvents()) {
        h.accept(f.readEvent());
      }
    }
    return h;
  }

  private void accept(RecordedEvent e) {
    switch (e.getEventType().getName()) {
      case "jdk.ExecutionSample" -> cpu(e.getStackTrace());
      case "jdk.ObjectAllocationSample" -> alloc(e);
      case "jdk.ThreadCPULoad" -> {
        RecordedThread t = e.getThread();
        String name = t == null ? "?" : threadGroup(t.getJavaName());
        threadCpu.merge(name, (double) (e.getFloat("user") + e.getFloat("system")), Double::sum);
        threadCpuSamples.merge(name, 1L, Long::sum);
      }
      case "jdk.GarbageCollection" -> {
        gcCount++;
        gcPauseMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
      }
      default -> { }
    }
  }

  private void cpu(RecordedStackTrace st) {
    if (st == null || st.getFrames().isEmpty()) {
      return;
    }
    samples++;
    List<RecordedFrame> frames = st.getFrames();
    self.merge(frame(frames.get(0)), 1L, Long::sum);
    Set<String> seen = new HashSet<>();
    boolean firstOurs = true;
    for (RecordedFrame f : frames) {
      String m = method(f);
      if (m.startsWith(OUR)) {
        if (seen.add(m)) {
          ourInclusive.merge(m, 1L, Long::sum);
        }
        if (firstOurs) {
          // The innermost streamedge frame: where our code called into the JDK or Netty.
          ourSelfish.merge(frame(f), 1L, Long::sum);
          firstOurs = false;
        }
      }
    }
  }

  private void alloc(RecordedEvent e) {
    long weight = e.getLong("weight");
    allocWeight += weight;
    String type = e.getClass("objectClass").getName();
    RecordedStackTrace st = e.getStackTrace();
    if (st == null || st.getFrames().isEmpty()) {
      allocBySite.merge(type + " ← ?", weight, Long::sum);
      return;
    }
    List<RecordedFrame> frames = st.getFrames();
    allocBySite.merge(type + " ← " + frame(frames.get(0)), weight, Long::sum);
    for (RecordedFrame f : frames) {
      if (method(f).startsWith(OUR)) {
        allocByOurFrame.merge(type + " ← " + frame(f), weight, Long::sum);
        break;
      }
    }
  }

  private static String method(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  private static String frame(RecordedFrame f) {
    int line = f.getLineNumber();
    return method(f) + (line > 0 ? ":" + line : "");
  }

  /** Thread names without their numbers, so a pool's threads add up. */
  static String threadGroup(String name) {
    return name == null ? "?" : name.replaceAll("-?\\d+$", "").replaceAll("-\\d+-", "-N-");
  }

  /** The summary as Markdown, {@code top} lines per list. */
  public String markdown(int top) {
    StringBuilder sb = new StringBuilder(8192);
    sb.append(String.format(Locale.ROOT, "CPU samples (jdk.ExecutionSample, Java code only): %,d; "
        + "sampled allocation weight: %,d MB; GCs: %d, total pause %.1f ms%n%n", samples, allocWeight / 1_000_000,
        gcCount, gcPauseMillis));
    sb.append("Hottest frames (self):\n\n| % | frame |\n|---:|---|\n");
    rows(sb, self, samples, top);
    sb.append("\nstreamedge methods on the stack (inclusive):\n\n| % | method |\n|---:|---|\n");
    rows(sb, ourInclusive, samples, top);
    sb.append("\nInnermost streamedge frame of each sample (where the edge calls into Netty/JDK):\n\n| % | frame |\n|---:|---|\n");
    rows(sb, ourSelfish, samples, top);
    sb.append("\nAllocation sites (sampled weight):\n\n| % | type ← frame |\n|---:|---|\n");
    rows(sb, allocBySite, allocWeight, top);
    sb.append("\nAllocations by innermost streamedge frame:\n\n| % | type ← frame |\n|---:|---|\n");
    rows(sb, allocByOurFrame, allocWeight, top);
    sb.append("\nCPU by thread group (jdk.ThreadCPULoad, mean share of the machine):\n\n| % | threads |\n|---:|---|\n");
    List<Map.Entry<String, Double>> cpu = new ArrayList<>(threadCpu.entrySet());
    cpu.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    long periods = threadCpuSamples.values().stream().mapToLong(Long::longValue).max().orElse(1);
    for (int i = 0; i < Math.min(top, cpu.size()); i++) {
      double share = cpu.get(i).getValue() / periods * 100;
      if (share < 0.1) {
        break;
      }
      sb.append(String.format(Locale.ROOT, "| %.1f | %s |%n", share, cpu.get(i).getKey()));
    }
    return sb.toString();
  }

  private static void rows(StringBuilder sb, Map<String, Long> counts, long total, int top) {
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    for (int i = 0; i < Math.min(top, list.size()); i++) {
      sb.append(String.format(Locale.ROOT, "| %.1f | `%s` |%n", 100.0 * list.get(i).getValue() / Math.max(1, total),
          list.get(i).getKey()));
    }
  }

  /** Logs the summary of each recording given. */
  public static void main(String[] args) throws IOException {
    for (String a : args) {
      log.info("{}\n\n{}", a, read(Path.of(a)).markdown(25));
    }
  }
}
