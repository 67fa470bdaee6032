package dev.streamedge.edge.cli;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.cluster.ClusterNode;
import dev.streamedge.edge.cluster.ClusterRoutes;
import dev.streamedge.edge.cluster.ClusterTarget;
import dev.streamedge.edge.cluster.EtcdSettings;
import dev.streamedge.edge.cluster.NodeRole;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.edge.shield.ShieldRouting;
import dev.streamedge.edge.shield.ShieldSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs an edge node (or a shield: an edge in the shield role) until SIGINT/SIGTERM. Its
 * distribution comes from the YAML file, reloaded when the file changes, or — with
 * {@code --etcd} — from etcd, kept in step by a {@link ClusterNode}.
 */
abstract class NodeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The node's YAML configuration (see docs/configuration.md).")
  Path config;

  @Option(names = "--check", description = "Validate the configuration and exit.")
  boolean check;

  @Mixin
  ClusterOptions cluster;

  abstract NodeRole role();

  @Override
  public Integer call() throws InterruptedException {
    String name = spec.name();
    EdgeConfig cfg;
    try {
      cfg = EdgeConfigLoader.load(config);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("streamedge " + name + ": bad configuration in " + config + ": " + e.getMessage());
      return 2;
    }
    if (check) {
      spec.commandLine().getOut().println(config + ": configuration is valid");
      return 0;
    }
    Edge edge;
    try {
      edge = Edge.start(cfg);
    } catch (IllegalStateException | ConfigException e) {
      spec.commandLine().getErr().println("streamedge " + name + ": " + e.getMessage());
      return 1;
    }
    AutoCloseable source;
    try {
      source = configSource(edge, cfg);
    } catch (IllegalArgumentException | ConfigException e) {
      edge.close();
      spec.commandLine().getErr().println("streamedge " + name + ": " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        source.close();
      } catch (Exception e) {
        // stopping anyway
      }
      edge.close();
      stopped.countDown();
    }, name + "-shutdown"));
    stopped.await();
    return 0;
  }

  /** The YAML file watcher, or the etcd cluster node; a static shield list applies either way. */
  private AutoCloseable configSource(Edge edge, EdgeConfig cfg) {
    if (role() == NodeRole.EDGE && !cluster.staticShields().isEmpty()) {
      edge.shields(ShieldSelector.of(cluster.staticShields()));
    }
    if (!cluster.enabled()) {
      return ConfigFileWatcher.start(config, edge);
    }
    EtcdSettings settings = cluster.settings(cfg, config, role(), edge.address(), edge.adminAddress());
    ClusterNode node = ClusterNode.start(new ClusterTarget() {
      @Override
      public EdgeConfig config() {
        return edge.config();
      }

      @Override
      public void apply(EdgeConfig next) {
        edge.apply(next);
      }

      @Override
      public long purge(String prefix) {
        return edge.purge(prefix);
      }

      @Override
      public void shields(ShieldRouting routing) {
        if (role() == NodeRole.EDGE) {
          edge.shields(routing);
        }
      }
    }, cfg, settings, Clock.systemUTC());
    ClusterRoutes.mount(edge.admin(), node);
    edge.admin().add("GET", "/readyz", ClusterRoutes.readyz(node, () -> true));
    return node;
  }
}
