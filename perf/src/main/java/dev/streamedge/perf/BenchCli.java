package dev.streamedge.perf;

import dev.streamedge.perf.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The perf module's command line, started by {@code ./streamedge bench ...}: the launcher passes
 * all its arguments, the first being {@code bench}.
 */
@Command(name = "streamedge", mixinStandardHelpOptions = true, subcommands = BenchCommand.class,
    description = "streamedge performance tools.")
public final class BenchCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
