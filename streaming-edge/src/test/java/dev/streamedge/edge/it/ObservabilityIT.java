package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic through a real edge (a miss, hits, a range, a 403, an origin error), then: the access log
 * checked field by field, parsed by goaccess with no invalid line, and /metrics with the counters.
 */
class ObservabilityIT {
  private static final Path GOACCESS = Path.of("/usr/bin/goaccess");

  @TempDir
  Path dir;

  @Test
  void logsAndMetricsDescribeTheTraffic() throws Exception {
    try (TestOrigin origin = TestOrigin.start()
        .route("/broken", s -> TestOrigin.Reply.text(503, "down\n", "Cache-Control", "no-store"))) {
      Path log = dir.resolve("logs/access.log");
      try (EdgeHarness edge = EdgeHarness.start(dir,
          "  accessLog: { path: logs/access.log, rotateInterval: 0 }\n",
          "  keyGroups:\n"
              + "    - { id: g, publicKeys: [ { id: K1, pemFile: " + writeKey() + " } ] }\n"
              + EdgeHarness.oneOrigin(origin.url())
              + "  cacheBehaviors:\n"
              + "    - { pathPattern: \"/private/*\", targetOriginId: o, trustedKeyGroups: [g] }\n")) {
        String obj = "/gen/20000/obs?cc=max-age%3D600";
        assertThat(edge.get(obj, "User-Agent", "test agent/1.0 (with spaces)").statusCode()).isEqualTo(200); // Miss
        assertThat(edge.get(obj).statusCode()).isEqualTo(200); // Hit
        assertThat(edge.get(obj, "Range", "bytes=100-199").statusCode()).isEqualTo(206); // Hit, range
        assertThat(edge.get("/private/x").statusCode()).isEqualTo(403);
        assertThat(edge.get("/broken").statusCode()).isEqualTo(503);

        Await.until(Duration.ofSeconds(10), () -> lines(log).size() >= 5, "5 log lines");
        List<String[]> rows = lines(log).stream().map(l -> l.split("\t", -1)).toList();
        for (String[] f : rows) {
          assertThat(f).as("33 fields").hasSize(33);
        }
        String[] miss = rows.get(0);
        assertThat(miss[2]).isEqualTo("test-edge");                 // x-edge-location
        assertThat(miss[5]).isEqualTo("GET");                       // cs-method
        assertThat(miss[7]).isEqualTo("/gen/20000/obs");           // cs-uri-stem
        assertThat(miss[8]).isEqualTo("200");                       // sc-status
        assertThat(miss[10]).isEqualTo("test%20agent/1.0%20(with%20spaces)"); // cs(User-Agent), escaped
        assertThat(miss[11]).isEqualTo("cc=max-age%253D600");      // cs-uri-query (CloudFront encodes %)
        assertThat(miss[12]).isEqualTo("-");                        // cs(Cookie): not logged by default
        assertThat(miss[13]).isEqualTo("Miss");                     // x-edge-result-type
        assertThat(miss[14]).isNotEqualTo("-");                     // x-edge-request-id
        assertThat(Long.parseLong(miss[3])).isGreaterThan(20000);   // sc-bytes: headers + body
        assertThat(rows.get(1)[13]).isEqualTo("Hit");
        assertThat(rows.get(2)[8]).isEqualTo("206");
        assertThat(rows.get(2)[31]).isEqualTo("100");              // sc-range-start
        assertThat(rows.get(2)[32]).isEqualTo("199");              // sc-range-end
        assertThat(rows.get(3)[8]).isEqualTo("403");
        assertThat(rows.get(3)[13]).isEqualTo("Error");
        assertThat(rows.get(4)[8]).isEqualTo("503");
        assertThat(rows.get(4)[13]).isEqualTo("Error");

        String metrics = edge.client.send(HttpRequest.newBuilder(edge.admin("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(sum(metrics, "streamedge_requests_total", "result=\"hit\"")).isEqualTo(2);
        assertThat(sum(metrics, "streamedge_requests_total", "result=\"miss\"")).isEqualTo(1);
        assertThat(sum(metrics, "streamedge_requests_total", "result=\"error\"")).isEqualTo(2);
        assertThat(sum(metrics, "streamedge_signed_access_denials_total", "reason=\"missing\"")).isEqualTo(1);
        assertThat(sum(metrics, "streamedge_origin_requests_total", "origin=\"o\"")).isEqualTo(2);
        JsonNode stats = new ObjectMapper().readTree(edge.client.send(HttpRequest.newBuilder(edge.admin("/stats")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.isObject()).isTrue();
        assertThat(edge.client.send(HttpRequest.newBuilder(edge.admin("/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      }
      if (Files.isExecutable(GOACCESS)) {
        Path report = dir.resolve("report.json");
        Path invalid = dir.resolve("invalid.txt");
        Process p = new ProcessBuilder(GOACCESS.toString(), log.toString(), "--no-global-config",
            "--log-format=CLOUDFRONT", "--invalid-requests=" + invalid, "-o", report.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("goaccess.out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("goaccess.out"))).isZero();
        JsonNode general = new ObjectMapper().readTree(report.toFile()).path("general");
        assertThat(general.path("failed_requests").asLong()).isZero();
        assertThat(general.path("valid_requests").asLong()).isEqualTo(5);
      }
    }
  }

  private Path writeKey() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Path pem = dir.resolve("k.pem");
    Files.writeString(pem, dev.streamedge.edge.auth.PemKeys.toPem(g.generateKeyPair().getPublic()));
    return pem;
  }

  private static List<String> lines(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("#")).toList() : List.of();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  /** Sums a counter's samples whose labels contain {@code labelPart}. */
  private static double sum(String exposition, String name, String labelPart) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(labelPart)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
