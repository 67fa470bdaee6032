package dev.streamedge.perf.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * async-profiler's collapsed stacks ({@code thread;frame;...;frame count}, root first, with the
 * {@code threads} option) reduced to the hottest frames (self), the streamedge methods on the stack
 * (inclusive), and the share of each thread group. Unlike JFR's execution samples these include
 * native and kernel frames ({@code _[k]}), where a proxy spends most of its time.
 */
public final class CollapsedStacks {
  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> ours = new HashMap<>();
  private final Map<String, Long> threads = new HashMap<>();
  private final Map<String, Long> kinds = new HashMap<>();
  /** leaf frame → (innermost Java frames above it → samples). */
  private final Map<String, Map<String, Long>> javaCallers = new HashMap<>();
  private long total;

  private CollapsedStacks() {}

  public static CollapsedStacks read(Path file) {
    CollapsedStacks c = new CollapsedStacks();
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.forEach(c::accept);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return c;
  }

  private void accept(String line) {
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      return;
    }
    long n;
    try {
      n = Long.parseLong(line.substring(space + 1).strip());
    } catch (NumberFormatException e) {
      return;
    }
    String[] frames = line.substring(0, space).split(";");
    if (frames.length == 0) {
      return;
    }
    total += n;
    int first = 0;
    if (frames[0].startsWith("[") && frames[0].endsWith("]")) {
      threads.merge(JfrHotFrames.threadGroup(frames[0].substring(1, frames[0].length() - 1)
          .replaceAll(" tid=\\d+$", "")), n, Long::sum);
      first = 1;
    }
    if (first >= frames.length) {
      return;
    }
    String leaf = frames[frames.length - 1];
    self.merge(leaf, n, Long::sum);
    kinds.merge(kind(leaf), n, Long::sum);
    List<String> java = new ArrayList<>(3);
    for (int i = frames.length - 1; i >= first && java.size() < 3; i--) {
      if (kind(frames[i]).equals("Java")) {
        java.add(frames[i].replace('/', '.'));
      }
    }
    javaCallers.computeIfAbsent(leaf, l -> new HashMap<>()).merge(String.join(" ← ", java), n, Long::sum);
    Set<String> seen = new HashSet<>();
    for (int i = first; i < frames.length; i++) {
      String f = frames[i].replace('/', '.');
      if (f.startsWith("dev.streamedge.") && seen.add(f)) {
        ours.merge(f, n, Long::sum);
      }
    }
  }

  /** Where a leaf frame runs: the kernel, the JVM or a native library, or Java code. */
  static String kind(String leaf) {
    if (leaf.endsWith("_[k]")) {
      return "kernel";
    }
    if (leaf.endsWith("_[j]") || leaf.endsWith("_[i]") || leaf.endsWith("_[0]") || leaf.endsWith("_[1]")
        || leaf.contains("/") && !leaf.contains("::")) {
      return "Java";
    }
    return "native (JVM, libc, RocksDB)";
  }

  public long total() {
    return total;
  }

  public String markdown(int top) {
    StringBuilder sb = new StringBuilder(8192);
    sb.append(String.format(Locale.ROOT, "async-profiler CPU samples: %,d%n%n", total));
    sb.append("Where the CPU went (leaf frame): ");
    List<Map.Entry<String, Long>> k = sorted(kinds);
    for (int i = 0; i < k.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%", k.get(i).getKey(),
          100.0 * k.get(i).getValue() / Math.max(1, total)));
    }
    sb.append("\n\nHottest frames (self, native and kernel included):\n\n| % | frame |\n|---:|---|\n");
    rows(sb, self, top);
    sb.append("\nJava code behind the hottest non-Java frames (innermost three Java frames):\n\n"
        + "| % | frame | called from |\n|---:|---|---|\n");
    int shown = 0;
    for (Map.Entry<String, Long> leaf : sorted(self)) {
      if (shown == Math.min(8, top)) {
        break;
      }
      if (kind(leaf.getKey()).equals("Java")) {
        continue;
      }
      shown++;
      List<Map.Entry<String, Long>> callers = sorted(javaCallers.getOrDefault(leaf.getKey(), Map.of()));
      for (int i = 0; i < Math.min(2, callers.size()); i++) {
        sb.append(String.format(Locale.ROOT, "| %.1f | `%s` | %s |%n", 100.0 * callers.get(i).getValue() / Math.max(1, total),
            leaf.getKey(), callers.get(i).getKey().isEmpty() ? "(no Java frame)" : "`" + callers.get(i).getKey() + "`"));
      }
    }
    sb.append("\nstreamedge methods on the stack (inclusive):\n\n| % | method |\n|---:|---|\n");
    rows(sb, ours, top);
    if (!threads.isEmpty()) {
      sb.append("\nCPU samples by thread group:\n\n| % | threads |\n|---:|---|\n");
      rows(sb, threads, top);
    }
    return sb.toString();
  }

  private void rows(StringBuilder sb, Map<String, Long> counts, int top) {
    List<Map.Entry<String, Long>> list = sorted(counts);
    for (int i = 0; i < Math.min(top, list.size()); i++) {
      sb.append(String.format(Locale.ROOT, "| %.1f | `%s` |%n", 100.0 * list.get(i).getValue() / Math.max(1, total),
          list.get(i).getKey()));
    }
  }

  private static List<Map.Entry<String, Long>> sorted(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    return list;
  }
}
