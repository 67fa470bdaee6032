package dev.streamedge.edge.cli;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamedge edge --config FILE}: runs an edge node until SIGINT/SIGTERM. */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = "Run an edge node: the caching HTTP server viewers connect to.")
public final class EdgeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The edge's YAML configuration (see docs/configuration.md).")
  Path config;

  @Option(names = "--check", description = "Validate the configuration and exit.")
  boolean check;

  @Override
  public Integer call() throws InterruptedException {
    EdgeConfig cfg;
    try {
      cfg = EdgeConfigLoader.load(config);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("streamedge edge: bad configuration in " + config + ": " + e.getMessage());
      return 2;
    }
    if (check) {
      spec.commandLine().getOut().println(config + ": configuration is valid");
      return 0;
    }
    Edge edge;
    try {
      edge = Edge.start(cfg);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("streamedge edge: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      edge.close();
      stopped.countDown();
    }, "edge-shutdown"));
    stopped.await();
    return 0;
  }
}
