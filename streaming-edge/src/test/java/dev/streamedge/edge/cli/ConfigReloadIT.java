package dev.streamedge.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new distribution applied while serving: from code, and from the YAML file changing on disk. */
class ConfigReloadIT {
  @TempDir
  Path dir;

  private static String yaml(int port, TestOrigin target, String name) {
    return """
        edge:
          name: reload-edge
          listen: 127.0.0.1:%d
          cache: { dir: cache, maxSize: 64MiB }
        distribution:
          origins:
            - { id: %s, url: %s }
          defaultCacheBehavior: { targetOriginId: %s, defaultTtl: 0 }
        """.formatted(port, name, target.url(), name);
  }

  private static String get(HttpClient c, int port, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void aNewDistributionIsAppliedWithoutARestartAndABadOneIsRefused() throws Exception {
    try (TestOrigin a = TestOrigin.start().route("/who", s -> TestOrigin.Reply.text(200, "a\n", "Cache-Control", "no-store"));
        TestOrigin b = TestOrigin.start().route("/who", s -> TestOrigin.Reply.text(200, "b\n", "Cache-Control", "no-store"));
        Edge edge = Edge.start(EdgeConfigLoader.parse(yaml(0, a, "a"), dir))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int port = edge.port();
      assertThat(get(client, port, "/who")).isEqualTo("a\n");
      edge.apply(EdgeConfigLoader.parse(yaml(0, b, "b"), dir));
      // The same keep-alive client, the same connection: now answered by the new origin.
      assertThat(get(client, port, "/who")).isEqualTo("b\n");
      // The edge's own settings need a restart: refused, and the current distribution stays.
      assertThatThrownBy(() -> edge.apply(EdgeConfigLoader.parse(yaml(0, a, "a").replace("maxSize: 64MiB", "maxSize: 32MiB"), dir)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("restart");
      assertThat(get(client, port, "/who")).isEqualTo("b\n");
    }
  }

  @Test
  void theYamlFileIsReloadedWhenItChanges() throws Exception {
    try (TestOrigin a = TestOrigin.start().route("/who", s -> TestOrigin.Reply.text(200, "a\n", "Cache-Control", "no-store"));
        TestOrigin b = TestOrigin.start().route("/who", s -> TestOrigin.Reply.text(200, "b\n", "Cache-Control", "no-store"))) {
      Path file = dir.resolve("edge.yaml");
      Files.writeString(file, yaml(0, a, "a"));
      try (Edge edge = Edge.start(EdgeConfigLoader.load(file));
          ConfigFileWatcher watcher = ConfigFileWatcher.start(file, edge)) {
        HttpClient client = HttpClient.newBuilder().build();
        assertThat(get(client, edge.port(), "/who")).isEqualTo("a\n");
        Files.writeString(file, "distribution: [broken\n");
        Files.writeString(file, yaml(0, a, "a") + "  cacheBehaviors: [ { pathPattern: \"/x\", targetOriginId: nope } ]\n");
        // A file that does not validate is reported; the edge keeps serving what it had.
        assertThat(get(client, edge.port(), "/who")).isEqualTo("a\n");
        Files.writeString(file, yaml(0, b, "b"));
        Await.until(Duration.ofSeconds(15), () -> {
          try {
            return get(client, edge.port(), "/who").equals("b\n");
          } catch (Exception e) {
            return false;
          }
        }, "the edge to apply the changed file");
      }
    }
  }
}
