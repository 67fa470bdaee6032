package dev.streamedge.edge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streaming-edge module's commands, as {@code ./streamedge} runs them: {@code edge} and the
 * signing tools.
 */
@Command(name = "streamedge", mixinStandardHelpOptions = true, version = "streamedge 0.1.0",
    description = "streamedge: a self-hosted CDN for video and large files.",
    subcommands = {EdgeCommand.class, ShieldCommand.class, ConfigCommand.class, SignCookiesCommand.class,
        SignUrlCommand.class})
public final class EdgeCli {
  public static void main(String[] args) {
    int code = new CommandLine(new EdgeCli()).execute(args);
    if (code != 0 || !isServer(args)) {
      System.exit(code);
    }
  }

  private static boolean isServer(String[] args) {
    return args.length > 0 && (args[0].equals("edge") || args[0].equals("shield"))
        && !java.util.List.of(args).contains("--help") && !java.util.List.of(args).contains("--check");
  }
}
