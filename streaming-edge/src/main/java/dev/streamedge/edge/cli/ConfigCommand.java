package dev.streamedge.edge.cli;

import dev.streamedge.edge.cluster.ClusterClient;
import dev.streamedge.edge.cluster.ClusterInvalidations;
import dev.streamedge.edge.cluster.DistributionDocument;
import dev.streamedge.edge.cluster.Member;
import dev.streamedge.edge.cluster.NodeStatus;
import dev.streamedge.edge.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code streamedge config}: the cluster's shared state in etcd. {@code push} validates a
 * distribution document exactly as the nodes will and stores it (every node applies it within
 * milliseconds); {@code show}, {@code invalidate} and {@code members} read and act on the rest.
 * Exit codes: 0 done, 2 invalid input (nothing written), 1 etcd unreachable.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Manage the cluster's shared configuration in etcd (see docs/scale-out.md).",
    subcommands = {ConfigCommand.Push.class, ConfigCommand.Check.class, ConfigCommand.Show.class,
        ConfigCommand.Invalidate.class, ConfigCommand.Members.class})
public final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** Where etcd is. */
  public static final class Target {
    @Option(names = "--etcd", split = ",", required = true, paramLabel = "URL",
        description = "etcd client URL(s), e.g. http://127.0.0.1:2379.")
    List<URI> etcd;

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "default",
        description = "The cluster's name (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
        description = "Bound on each etcd call (default: ${DEFAULT-VALUE}).")
    String timeout;

    ClusterClient connect() {
      Duration d = dev.streamedge.edge.config.Units.parseDuration(timeout);
      return ClusterClient.connect(etcd, cluster, d, Clock.systemUTC());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Validate a distribution document (a YAML file with a 'distribution:' mapping) and store it in etcd.")
  static final class Push implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "FILE", description = "The distribution document, e.g. dist.yaml.")
    Path file;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      String yaml;
      try {
        yaml = read(file);
        DistributionDocument.parse(yaml, file.toAbsolutePath().getParent());
      } catch (ConfigException e) {
        err.println("streamedge config push: " + file + ": " + e.getMessage() + " (nothing was pushed)");
        return 2;
      }
      try (ClusterClient c = target.connect()) {
        long rev = c.pushDistribution(yaml, file.toAbsolutePath().getParent());
        spec.commandLine().getOut().println("pushed " + file + " to cluster '" + target.cluster + "' at revision " + rev);
        return 0;
      } catch (RuntimeException e) {
        err.println("streamedge config push: etcd: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a distribution document without pushing it.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      try {
        DistributionDocument.parse(read(file), file.toAbsolutePath().getParent());
      } catch (ConfigException e) {
        spec.commandLine().getErr().println("streamedge config check: " + file + ": " + e.getMessage());
        return 2;
      }
      spec.commandLine().getOut().println(file + ": distribution document is valid");
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the distribution document stored in etcd.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    public Integer call() {
      try (ClusterClient c = target.connect()) {
        var d = c.distribution();
        if (d.isEmpty()) {
          spec.commandLine().getErr().println("streamedge config show: cluster '" + target.cluster + "' has no distribution");
          return 1;
        }
        spec.commandLine().getOut().println("# revision " + d.get().revision());
        spec.commandLine().getOut().print(d.get().text());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("streamedge config show: etcd: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "invalidate", mixinStandardHelpOptions = true,
      description = "Invalidate paths on every node of the cluster (CloudFront syntax: /videos/*, /index.html).")
  static final class Invalidate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Parameters(paramLabel = "PATH", arity = "1..*")
    List<String> paths;

    @Option(names = "--caller-reference", paramLabel = "REF",
        description = "Idempotency key: the same reference never invalidates twice (retry with it after a timeout).")
    String reference;

    @Option(names = "--wait", paramLabel = "DURATION", description = "Wait until every live node applied it (e.g. 30s).")
    String wait;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (ClusterClient c = target.connect()) {
        ClusterInvalidations.Submitted s;
        try {
          s = c.invalidations().submit(paths, reference);
        } catch (IllegalArgumentException e) {
          err.println("streamedge config invalidate: " + e.getMessage());
          return 2;
        }
        out.println(s.invalidation().id() + (s.created() ? " created" : " already existed") + " at revision " + s.revision());
        out.flush();
        if (wait == null) {
          return 0;
        }
        long deadline = System.nanoTime() + dev.streamedge.edge.config.Units.parseDuration(wait).toNanos();
        while (true) {
          var p = c.invalidations().progress(s.invalidation().id()).orElseThrow();
          if (p.status().equals("Completed")) {
            out.println("Completed on " + p.applied());
            return 0;
          }
          if (System.nanoTime() - deadline > 0) {
            err.println("still InProgress; pending on " + p.pending());
            return 1;
          }
          LockSupport.parkNanos(20_000_000); // polling an operator's command, not a request path
        }
      } catch (ClusterInvalidations.Conflict e) {
        err.println("streamedge config invalidate: " + e.getMessage());
        return 2;
      } catch (RuntimeException e) {
        err.println("streamedge config invalidate: etcd: " + e.getMessage()
            + (reference == null ? "" : " (it may still land: retry with the same --caller-reference)"));
        return 1;
      }
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true, description = "List the live nodes and what they applied.")
  static final class Members implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;

    @Override
    public Integer call() {
      try (ClusterClient c = target.connect()) {
        Map<String, NodeStatus> statuses = new TreeMap<>();
        c.statuses().forEach(s -> statuses.put(s.node(), s));
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = new ArrayList<>();
        for (Member m : c.members()) {
          NodeStatus s = statuses.get(m.node());
          lines.add(String.format("%-20s %-7s %-28s applied=%s%s", m.node(), m.role().label(), m.url(),
              s == null ? "?" : Long.toString(s.appliedRevision()),
              s == null || s.configError() == null ? "" : "  error: " + s.configError()));
        }
        lines.forEach(out::println);
        return 0;
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("streamedge config members: etcd: " + e.getMessage());
        return 1;
      }
    }
  }
}
