package dev.streamedge.player.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamedge demo}: runs the whole system locally and prints the URL to open. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole system on this machine (edge in front of two packagers) and print the URL to open.")
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config-dir", paramLabel = "DIR",
      description = "Folder with edge.yaml, packager-a.yaml and packager-b.yaml (default: config/demo).")
  Path configDir;

  @Override
  public Integer call() throws InterruptedException {
    Path home = Path.of(System.getProperty("streamedge.home", "."));
    Path dir = configDir != null ? configDir : home.resolve("config/demo");
    Demo demo;
    try {
      demo = Demo.start(dir);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("streamedge demo: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "demo-shutdown"));
    String url = demo.url().toString();
    spec.commandLine().getOut().printf("%nstreamedge demo is running. Open %s%n"
        + "  a large file through the edge: %sfiles/sample.bin%n"
        + "Press Ctrl+C to stop.%n%n", url, url);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
