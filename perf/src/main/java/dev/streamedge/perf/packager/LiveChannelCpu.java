package dev.streamedge.perf.packager;

import com.sun.management.OperatingSystemMXBean;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.LiveChannelConfig;
import dev.streamedge.packager.config.PackagerConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU a running live channel costs: starts a packager with one channel, lets it settle (back-fill,
 * JIT), then measures the process CPU time over a whole number of segments and prints it as a share of
 * one core. Not JMH: the channel is a steady background load, not an operation.
 *
 * <pre>java -cp perf/target/classes:$(cat perf/target/runtime-classpath.txt) \
 *     dev.streamedge.perf.packager.LiveChannelCpu "synthetic:size=640x360:rate=25" 60</pre>
 */
public final class LiveChannelCpu {
  private static final Logger log = LoggerFactory.getLogger(LiveChannelCpu.class);

  private LiveChannelCpu() {}

  public static void main(String[] args) throws Exception {
    String source = args.length > 0 ? args[0] : "synthetic:size=640x360:rate=25";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path dir = Files.createTempDirectory("live-cpu");
    PackagerConfig config = PackagerConfig.builder().name("cpu").listen("127.0.0.1:0").workDir(dir)
        .live(new LiveChannelConfig("ch", source, 6, Duration.ofMinutes(2), 1_200_000, 96_000, List.of(), 0)).build();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (RunningPackager p = Packager.start(config)) {
      pause(Duration.ofSeconds(12));
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      pause(Duration.ofSeconds(seconds));
      long cpu = os.getProcessCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      String result = String.format(Locale.ROOT, "live channel %s: %.1f%% of one core (%.1f s CPU over %.1f s)",
          source, 100.0 * cpu / wall, cpu / 1e9, wall / 1e9);
      log.info(result);
    }
  }

  private static void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(until - System.nanoTime());
    }
  }
}
