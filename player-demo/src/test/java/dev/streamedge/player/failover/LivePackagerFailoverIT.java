package dev.streamedge.player.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real packager processes in step behind the edge; the primary is killed with SIGKILL during
 * live playback, and a player-like client keeps getting playlist updates and their segments
 * through the edge without a single error.
 */
class LivePackagerFailoverIT {
  private static final Pattern LISTENING = Pattern.compile("packager listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");

  @TempDir
  Path dir;

  private ChildJvm packager(String name) throws Exception {
    Path cfg = dir.resolve(name + ".yaml");
    Files.writeString(cfg, """
        packager:
          name: %s
          listen: 127.0.0.1:0
          workDir: %s
          segmentDuration: 2s
          live:
            - { name: test, source: "synthetic:size=320x180:rate=25", window: 4, dvrWindow: 2m, videoBitrate: 300k }
        """.formatted(name, dir.resolve(name)));
    return ChildJvm.start(List.of("-Xmx256m", "-DSTREAMEDGE_TEST_LOG=INFO"),
        "dev.streamedge.packager.PackagerCommand", "--config", cfg.toString());
  }

  private static int port(ChildJvm p) {
    String line = p.awaitLine(Duration.ofSeconds(60), l -> LISTENING.matcher(l).find(), "the packager to listen");
    Matcher m = LISTENING.matcher(line);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void killingThePrimaryPackagerDoesNotStallLivePlayback() throws Exception {
    try (ChildJvm a = packager("packager-a"); ChildJvm b = packager("packager-b")) {
      int portA = port(a);
      int portB = port(b);
      String yaml = """
          edge:
            name: failover-edge
            listen: 127.0.0.1:0
            cache: { dir: cache, maxSize: 256MiB }
          distribution:
            origins:
              - { id: packager-a, url: http://127.0.0.1:%d, connectTimeout: 500ms, connectionAttempts: 1, readTimeout: 2s }
              - { id: packager-b, url: http://127.0.0.1:%d, connectTimeout: 500ms, connectionAttempts: 1, readTimeout: 2s }
            originGroups:
              - { id: packagers, members: [packager-a, packager-b], failoverCriteria: { statusCodes: [500, 502, 503, 504] } }
            defaultCacheBehavior: { targetOriginId: packagers, minTtl: 0, defaultTtl: 0 }
          """.formatted(portA, portB);
      try (Edge edge = Edge.start(EdgeConfigLoader.parse(yaml, dir))) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + edge.port();
        String[] media = new String[1];
        Await.until(Duration.ofSeconds(60), () -> {
          HttpResponse<String> m = get(client, base + "/live/test/master.m3u8");
          if (m == null || m.statusCode() != 200) {
            return false;
          }
          media[0] = m.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse(null);
          HttpResponse<String> p = media[0] == null ? null : get(client, base + "/live/test/" + media[0]);
          return p != null && p.statusCode() == 200 && p.body().contains("#EXTINF");
        }, "the live channel through the edge");
        URI playlistUri = URI.create(base + "/live/test/" + media[0]);

        Set<String> fetched = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        long[] lastSequence = {-1};
        int[] updatesAfterKill = {0};
        boolean[] killed = {false};
        int[] updatesBeforeKill = {0};
        Await.until(Duration.ofSeconds(90), () -> {
          HttpResponse<String> p = get(client, playlistUri.toString());
          if (p == null || p.statusCode() != 200) {
            errors.add("playlist: " + (p == null ? "no response" : p.statusCode()));
            return true;
          }
          Matcher m = SEQUENCE.matcher(p.body());
          long seq = m.find() ? Long.parseLong(m.group(1)) : -1;
          for (String seg : p.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            if (fetched.add(seg)) {
              HttpResponse<byte[]> s = getBytes(client, playlistUri.resolve(seg).toString());
              if (s == null || s.statusCode() != 200 || s.body().length == 0) {
                errors.add("segment " + seg + ": " + (s == null ? "no response" : s.statusCode()));
                return true;
              }
            }
          }
          if (seq > lastSequence[0]) {
            if (lastSequence[0] >= 0) {
              if (killed[0]) {
                updatesAfterKill[0]++;
              } else {
                updatesBeforeKill[0]++;
              }
            }
            lastSequence[0] = seq;
          }
          if (!killed[0] && updatesBeforeKill[0] >= 1) {
            a.kill(); // SIGKILL: no goodbye
            killed[0] = true;
          }
          return updatesAfterKill[0] >= 3;
        }, "3 playlist updates after the primary was killed");
        assertThat(errors).as("errors seen by the player").isEmpty();
        assertThat(killed[0]).isTrue();
        assertThat(b.isAlive()).isTrue();
      }
    }
  }

  private static HttpResponse<String> get(HttpClient c, String uri) {
    try {
      return c.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null;
    }
  }

  private static HttpResponse<byte[]> getBytes(HttpClient c, String uri) {
    try {
      return c.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      return null;
    }
  }
}
