package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.edge.shield.ShieldSelector;
import dev.streamedge.testkit.TestOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two edges behind one shield: the origin is asked once per object; a dead shield is skipped. */
class ShieldTierIT {
  @TempDir
  Path dir;

  private static String yaml(String name, String originUrl) {
    return """
        edge:
          name: %s
          listen: 127.0.0.1:0
          cache: { dir: cache-%s, maxSize: 64MiB }
        distribution:
          origins:
            - { id: o, url: %s }
          defaultCacheBehavior: { targetOriginId: o }
        """.formatted(name, name, originUrl);
  }

  @Test
  void edgesFetchThroughTheShieldAndFallBackToTheOrigin() throws Exception {
    try (TestOrigin origin = TestOrigin.start();
        Edge shield = Edge.start(EdgeConfigLoader.parse(yaml("shield-1", origin.url()), dir));
        Edge edge1 = Edge.start(EdgeConfigLoader.parse(yaml("edge-1", origin.url()), dir));
        Edge edge2 = Edge.start(EdgeConfigLoader.parse(yaml("edge-2", origin.url()), dir))) {
      ShieldSelector shields = ShieldSelector.of(List.of(ShieldSelector.shieldOrigin("shield-1",
          URI.create("http://127.0.0.1:" + shield.port()), ShieldSelector.Timeouts.DEFAULT)));
      edge1.shields(shields);
      edge2.shields(shields);
      HttpClient client = HttpClient.newBuilder().build();
      String path = "/gen/50000/shielded?cc=max-age%3D600";
      for (Edge e : List.of(edge1, edge2, edge1)) {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(50000);
      }
      assertThat(origin.requestsFor("/gen/50000/shielded")).isEqualTo(1);
      TestOrigin.Seen seen = origin.requests().get(0);
      assertThat(seen.header("CDN-Loop")).isEqualTo("streamedge, streamedge"); // edge, then shield
      assertThat(seen.header("Via")).contains("edge-1").contains("shield-1");

      shield.close(); // the shield dies: edges go to the origin themselves
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + edge2.port() + "/gen/1000/after?cc=max-age%3D600")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(origin.requestsFor("/gen/1000/after")).isEqualTo(1);
    }
  }
}
