package dev.streamedge.perf.bench;

import dev.streamedge.perf.bench.load.ExternalCommand;
import dev.streamedge.perf.bench.system.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the figures were measured on: CPU, memory, kernel, JDK, the other servers' versions, load. */
public final class MachineFacts {
  private MachineFacts() {}

  /** Lines for the report's header. */
  public static List<String> describe(Tools tools) {
    List<String> out = new ArrayList<>();
    out.add("CPU: " + firstMatch(Path.of("/proc/cpuinfo"), "model name").orElse("unknown") + ", "
        + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
    out.add("memory: " + firstMatch(Path.of("/proc/meminfo"), "MemTotal").map(MachineFacts::kibToGib).orElse("unknown")
        + "; kernel " + read(Path.of("/proc/sys/kernel/osrelease")).orElse("unknown").strip()
        + "; " + osName());
    out.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    List<String> versions = new ArrayList<>();
    tools.nginx().ifPresent(p -> versions.add(version(List.of(p.toString(), "-v"))));
    tools.varnishd().ifPresent(p -> versions.add(version(List.of(p.toString(), "-V"))));
    tools.wrk().ifPresent(p -> versions.add(version(List.of(p.toString(), "-v"))));
    tools.curl().ifPresent(p -> versions.add(version(List.of(p.toString(), "--version"))));
    tools.h2load().ifPresent(p -> versions.add(version(List.of(p.toString(), "--version"))));
    out.add("others: " + String.join("; ", versions));
    return out;
  }

  /** The 1-minute load average, or NaN where /proc/loadavg is missing. */
  public static double loadAverage() {
    return read(Path.of("/proc/loadavg")).map(s -> Double.parseDouble(s.strip().split("\\s+")[0])).orElse(Double.NaN);
  }

  private static String version(List<String> cmd) {
    ExternalCommand.Result r = ExternalCommand.run(cmd, Duration.ofSeconds(10));
    String text = (r.stdout() + "\n" + r.stderr()).strip();
    String first = text.isEmpty() ? cmd.get(0) : text.lines().findFirst().orElse("");
    // "nginx version: nginx/1.22.1", "varnishd (varnish-7.1.1 revision ...)", "wrk debian/4.1.0 [epoll] ..."
    return first.replace("nginx version: ", "").replaceAll(" revision [0-9a-f]+", "")
        .replaceAll(" Copyright.*", "").replaceAll("\\(x86_64-pc-linux-gnu\\).*", "").strip();
  }

  private static String osName() {
    return read(Path.of("/etc/os-release")).flatMap(s -> s.lines().filter(l -> l.startsWith("PRETTY_NAME="))
        .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst()).orElse("");
  }

  private static String kibToGib(String memTotal) {
    String digits = memTotal.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? memTotal
        : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(digits) / (1024.0 * 1024));
  }

  private static Optional<String> firstMatch(Path file, String key) {
    return read(file).flatMap(s -> s.lines().filter(l -> l.startsWith(key))
        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst());
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
