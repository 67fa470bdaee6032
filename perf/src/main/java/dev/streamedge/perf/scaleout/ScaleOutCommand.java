package dev.streamedge.perf.scaleout;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamedge bench-scaleout}: the scale-out goals measured (docs/scale-out.md). Needs etcd
 * ({@code apt-get install etcd-server}); about a minute.
 */
@Command(name = "scaleout", mixinStandardHelpOptions = true,
    description = "Measure the scale-out goals: invalidation latency on 3 edges through etcd, hits during an etcd "
        + "freeze, convergence after a partition heals, missed updates. Prints one table.")
public final class ScaleOutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--invalidations", defaultValue = "200", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int invalidations;

  @Option(names = "--freeze-seconds", defaultValue = "10", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int freezeSeconds;

  @Option(names = "--partition-seconds", defaultValue = "10", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int partitionSeconds;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where etcd and the edges keep their data (default: a temporary directory).")
  Path workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleOutCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("streamedge-scaleout");
    ScaleOutRun.Result r = new ScaleOutRun(dir, invalidations, freezeSeconds, partitionSeconds).run();
    PrintWriter out = spec.commandLine().getOut();
    out.println(table(r));
    out.flush();
    return 0;
  }

  static String table(ScaleOutRun.Result r) {
    return String.join("\n",
        "| measure | goal | measured |",
        "|---|---|---|",
        "| invalidation applied on all 3 edges, p50 / p99 / max (" + r.invalidations() + " invalidations) | "
            + "p50 <= 10 ms, p99 <= 100 ms | " + ScaleOutRun.ms(r.appliedP50()) + " / " + ScaleOutRun.ms(r.appliedP99())
            + " / " + ScaleOutRun.ms(r.appliedMax()) + " ms |",
        "| ... put acknowledged by etcd, p50 / p99 | | " + ScaleOutRun.ms(r.putP50()) + " / " + ScaleOutRun.ms(r.putP99()) + " ms |",
        "| ... `Completed` (every status reports it), p50 / p99 | | " + ScaleOutRun.ms(r.completedP50()) + " / "
            + ScaleOutRun.ms(r.completedP99()) + " ms |",
        "| failed hits during a " + r.freezeSeconds() + " s etcd freeze (of " + r.freezeRequests() + ") | 0 | "
            + r.freezeFailures() + " |",
        "| staleness reported after the freeze began | <= 5 s | " + r.staleReportedAfter() + " s |",
        "| convergence after a " + r.partitionSeconds() + " s partition heals (" + r.partitionUpdates() + " updates) | <= 2 s | "
            + r.convergenceSeconds() + " s |",
        "| missed / duplicated updates | 0 / 0 | " + r.missed() + " / " + r.duplicated() + " |");
  }
}
