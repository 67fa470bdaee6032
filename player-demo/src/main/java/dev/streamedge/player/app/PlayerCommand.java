package dev.streamedge.player.app;

import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigException;
import dev.streamedge.player.config.PlayerConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamedge player --config FILE}: runs the player app until SIGINT/SIGTERM. */
@Command(name = "player", mixinStandardHelpOptions = true,
    description = {"Run the player web app (catalog, watch page, downloads, sign-in issuing signed cookies).",
        "It is an origin behind the edge: route the edge's default behavior to it (see docs/player.md)."},
    subcommands = {HashPasswordCommand.class})
public final class PlayerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The player's YAML configuration (see docs/player.md).")
  Path config;

  @Option(names = "--check", description = "Validate the configuration, the users file and the key, and exit.")
  boolean check;

  @Override
  public Integer call() throws InterruptedException {
    if (config == null) {
      spec.commandLine().getErr().println("streamedge player: --config FILE is required (or a subcommand; see --help)");
      return 2;
    }
    PlayerConfig cfg;
    try {
      cfg = PlayerConfigLoader.load(config);
    } catch (PlayerConfigException e) {
      spec.commandLine().getErr().println("streamedge player: bad configuration in " + config + ": " + e.getMessage());
      return 2;
    }
    PlayerServer player;
    try {
      player = PlayerServer.start(check ? cfg.withListen(new java.net.InetSocketAddress("127.0.0.1", 0)) : cfg);
    } catch (PlayerConfigException e) {
      spec.commandLine().getErr().println("streamedge player: " + config + ": " + e.getMessage());
      return 2;
    }
    if (check) {
      player.close();
      spec.commandLine().getOut().println(config + ": configuration is valid");
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      player.close();
      stopped.countDown();
    }, "player-shutdown"));
    stopped.await();
    return 0;
  }
}
