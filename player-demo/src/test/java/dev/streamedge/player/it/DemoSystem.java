package dev.streamedge.player.it;

import dev.streamedge.player.demo.Demo;
import dev.streamedge.player.demo.DemoOptions;
import dev.streamedge.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real demo (two packagers, the player app, the edge) on free ports, from a copy of the shipped
 * {@code config/demo/} in a temporary folder (so its {@code ../../data/demo} lands there too). Started once
 * per test JVM and shared by the integration tests that ask for it as a parameter: the media it makes on first
 * run take a while on two cores. Closed, and its folder deleted, when the test run ends.
 */
public final class DemoSystem implements AutoCloseable {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DemoSystem.class);

  private final Path root;
  private final Demo demo;

  private DemoSystem(Path root, Demo demo) {
    this.root = root;
    this.demo = demo;
  }

  /** Resolves {@code DemoSystem} parameters of test classes and lifecycle methods. */
  public static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == DemoSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      return c.getRoot().getStore(NS).getOrComputeIfAbsent(DemoSystem.class, k -> start(), DemoSystem.class);
    }
  }

  static Path shippedConfig() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path dir = module.resolve("../config/demo").normalize();
    if (!Files.isRegularFile(dir.resolve("edge.yaml"))) {
      throw new IllegalStateException("config/demo not found from " + module);
    }
    return dir;
  }

  private static DemoSystem start() {
    try {
      Path root = Files.createTempDirectory("streamedge-demo-it-");
      Path config = root.resolve("config/demo");
      Files.createDirectories(config);
      try (Stream<Path> files = Files.list(shippedConfig())) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, config.resolve(f.getFileName()));
        }
      }
      Demo demo = Demo.start(config, DemoOptions.ephemeral());
      DemoSystem system = new DemoSystem(root, demo);
      system.awaitLive(Duration.ofSeconds(90));
      return system;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until packager A lists at least three live segments (first run back-fills the window). */
  private void awaitLive(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI packager = demo.packagers().get(0).baseUri();
    Await.until(timeout, () -> {
      try {
        HttpResponse<String> master = http.send(HttpRequest.newBuilder(packager.resolve("/live/test/master.m3u8"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (master.statusCode() != 200) {
          return false;
        }
        String variant = master.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse(null);
        if (variant == null) {
          return false;
        }
        HttpResponse<String> media = http.send(HttpRequest.newBuilder(packager.resolve("/live/test/" + variant))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return media.statusCode() == 200 && media.body().lines().filter(l -> l.startsWith("#EXTINF")).count() >= 3;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, "the live channel's first segments on packager A");
  }

  public Demo demo() {
    return demo;
  }

  /** The URL a viewer opens: the edge, e.g. {@code http://127.0.0.1:41234/}. */
  public URI url() {
    return demo.url();
  }

  public URI url(String path) {
    return demo.url().resolve(path);
  }

  @Override
  public void close() throws IOException {
    demo.close();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
