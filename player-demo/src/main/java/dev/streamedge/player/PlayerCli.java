package dev.streamedge.player;

import dev.streamedge.player.app.PlayerCommand;
import dev.streamedge.player.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The player-demo module's commands, as {@code ./streamedge} runs them. */
@Command(name = "streamedge", mixinStandardHelpOptions = true, version = "streamedge 0.1.0",
    description = "streamedge demo and player app.",
    subcommands = {DemoCommand.class, PlayerCommand.class})
public final class PlayerCli {
  public static void main(String[] args) {
    int code = new CommandLine(new PlayerCli()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
