package dev.streamedge.player.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.cluster.LocalEtcd;
import dev.streamedge.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./streamedge demo --cluster}: what it starts answers through shields, and invalidates through etcd. */
class ClusterDemoIT {
  @TempDir
  Path dir;

  private static HttpResponse<String> send(HttpClient http, HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThroughTheShieldsAndInvalidatesThroughEtcd() throws Exception {
    Assumptions.assumeTrue(LocalEtcd.binary().isPresent(), "etcd is not installed");
    HttpClient http = HttpClient.newHttpClient();
    try (ClusterDemo demo = ClusterDemo.start(dir, true)) {
      assertThat(demo.edges()).hasSize(3);
      assertThat(demo.shields()).hasSize(2);
      assertThat(demo.instructions()).contains("config invalidate").contains("edge-3").contains("kill -STOP");
      Edge edge = demo.edges().get(0);
      URI hello = URI.create("http://127.0.0.1:" + edge.port() + "/files/hello.txt");
      HttpResponse<String> r = send(http, HttpRequest.newBuilder(hello).build());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("through a shield and an edge");
      assertThat(r.headers().firstValue("Via").orElse("")).containsPattern("shield-[12].*edge-1");
      assertThat(send(http, HttpRequest.newBuilder(hello).build()).headers().firstValue("X-Cache").orElse(""))
          .startsWith("Hit");

      URI admin = URI.create("http://127.0.0.1:" + edge.adminAddress().getPort());
      HttpResponse<String> created = send(http, HttpRequest.newBuilder(admin.resolve("/invalidations"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"paths\":[\"/files/*\"],\"callerReference\":\"it-1\"}")).build());
      assertThat(created.statusCode()).isEqualTo(201);
      String id = created.body().replaceAll(".*\"id\":\"([A-Z2-7]+)\".*", "$1");
      Await.until(Duration.ofSeconds(10), () -> {
        try {
          return send(http, HttpRequest.newBuilder(admin.resolve("/invalidations/" + id)).build()).body()
              .contains("\"status\":\"Completed\"");
        } catch (Exception e) {
          return false;
        }
      }, "the invalidation completes on all five nodes");
      assertThat(send(http, HttpRequest.newBuilder(hello).build()).headers().firstValue("X-Cache").orElse(""))
          .startsWith("Miss");
      assertThat(send(http, HttpRequest.newBuilder(admin.resolve("/cluster")).build()).body())
          .contains("\"shields\":[\"shield-1\",\"shield-2\"]");
    }
  }

  @Test
  void withoutEtcdTheEdgesUseAStaticShieldList() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (ClusterDemo demo = ClusterDemo.start(dir, false)) {
      Edge edge = demo.edges().get(2);
      HttpResponse<String> r = send(http, HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + edge.port() + "/files/hello.txt")).build());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Via").orElse("")).containsPattern("shield-[12].*edge-3");
      assertThat(demo.instructions()).contains("install etcd-server");
    }
  }
}
