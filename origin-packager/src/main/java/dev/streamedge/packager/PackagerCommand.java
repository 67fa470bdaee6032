package dev.streamedge.packager;

import dev.streamedge.packager.config.ConfigException;
import dev.streamedge.packager.config.PackagerConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code packager --config FILE}: runs one packager until SIGINT/SIGTERM, then stops gracefully. */
@Command(
    name = "packager",
    mixinStandardHelpOptions = true,
    description = "HLS packager (VOD remuxed on request, live channels) and large-file origin.")
public final class PackagerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(PackagerCommand.class);

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config (packager: ...)")
  Path config;

  @Option(names = "--demo-media",
      description = "Before starting, generate the demo VOD asset and files into mediaDir/filesDir if missing.")
  boolean demoMedia;

  @Override
  public Integer call() {
    PackagerConfig cfg;
    try {
      cfg = PackagerConfig.load(config);
    } catch (ConfigException e) {
      log.error("bad config {}: {}", config, e.getMessage());
      return 2;
    }
    if (demoMedia) {
      dev.streamedge.packager.demo.DemoMedia.ensure(cfg.mediaDir().orElse(null), cfg.filesDir().orElse(null));
    }
    RunningPackager running;
    try {
      running = Packager.start(cfg);
    } catch (UncheckedIOException | ConfigException e) {
      log.error("cannot start: {}", e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "packager-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new PackagerCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
