package dev.streamedge.player.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamedge demo}: runs the whole system locally and prints the one URL to open. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole system on this machine: an edge in front of two packagers and the player app.",
        "Prints the URL to open; demo media and the signing key are made on first run under data/demo/."})
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config-dir", paramLabel = "DIR",
      description = "Folder with edge.yaml, packager-a.yaml, packager-b.yaml and player.yaml (default: config/demo).")
  Path configDir;

  @Option(names = "--cluster",
      description = "Run the scale-out setup instead: etcd (if installed), an origin, 2 shields and 3 edges on loopback.")
  boolean cluster;

  @Option(names = "--ephemeral-ports",
      description = "Listen on free ports instead of the configured ones (8080, 9001, 9002, 9100).")
  boolean ephemeralPorts;

  @Override
  public Integer call() throws InterruptedException {
    Path home = Path.of(System.getProperty("streamedge.home", "."));
    if (cluster) {
      return ClusterDemo.run(spec, home);
    }
    Path dir = configDir != null ? configDir : home.resolve("config/demo");
    Demo demo;
    try {
      demo = Demo.start(dir, ephemeralPorts ? DemoOptions.ephemeral() : DemoOptions.defaults());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("streamedge demo: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "demo-shutdown"));
    StringBuilder msg = new StringBuilder()
        .append(System.lineSeparator()).append("streamedge demo is running. Open ").append(demo.url())
        .append(System.lineSeparator());
    demo.httpsUrl().ifPresent(u -> msg.append("  or ").append(u)
        .append(" (HTTP/2; the demo's self-signed certificate: your browser will warn)").append(System.lineSeparator()));
    demo.playerConfig().signInHint().ifPresent(h -> msg.append("  ").append(h).append(System.lineSeparator()));
    msg.append("Press Ctrl+C to stop.").append(System.lineSeparator());
    spec.commandLine().getOut().println(msg);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
