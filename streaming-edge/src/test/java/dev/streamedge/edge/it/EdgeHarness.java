package dev.streamedge.edge.it;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Starts an edge from YAML on an ephemeral port and talks to it with the JDK's HTTP client. */
final class EdgeHarness implements AutoCloseable {
  final Edge edge;
  final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private EdgeHarness(Edge edge) {
    this.edge = edge;
  }

  /** {@code distributionYaml} is the body of the {@code distribution:} section, indented by 2. */
  static EdgeHarness start(Path dir, String edgeExtraYaml, String distributionYaml) {
    String yaml = "edge:\n"
        + "  name: test-edge\n"
        + "  listen: 127.0.0.1:0\n"
        + "  adminListen: 127.0.0.1:0\n"
        + "  cache: { dir: cache, maxSize: 64MiB }\n"
        + edgeExtraYaml
        + "distribution:\n"
        + distributionYaml;
    return new EdgeHarness(Edge.start(EdgeConfigLoader.parse(yaml, dir)));
  }

  /**
   * The {@code distribution:} body for one origin {@code o} at {@code url} that the default
   * behavior uses; {@code originOptions} (for example {@code "readTimeout: 5s"}) go into the
   * origin's map. More YAML (cache behaviors) can follow.
   */
  static String oneOrigin(Object url, String originOptions) {
    return "  origins:\n"
        + "    - { id: o, url: " + url + (originOptions.isEmpty() ? "" : ", " + originOptions) + " }\n"
        + "  defaultCacheBehavior: { targetOriginId: o }\n";
  }

  static String oneOrigin(Object url) {
    return oneOrigin(url, "");
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + edge.port() + pathAndQuery);
  }

  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + edge.adminAddress().getPort() + path);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one unlabelled meter in the edge's Prometheus scrape, e.g. {@code streamedge_sendfile_bytes_total}. */
  long metric(String name) {
    for (String line : edge.scrapeMetrics().split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
      }
    }
    throw new AssertionError("no " + name + " in the scrape");
  }

  @Override
  public void close() {
    edge.close();
  }
}
