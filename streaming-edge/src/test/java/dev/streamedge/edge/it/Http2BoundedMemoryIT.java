package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.tls.TestCertificates;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.ChildJvm;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB body over HTTP/2 (TLS) through an edge whose heap and direct memory are 96 MiB each, to
 * a reader that stops for a while mid-body: HTTP/2 flow control reaches back to the origin (it
 * stops sending once the viewer's window and the buffers between are full), nothing piles up in
 * the edge, and the body completes byte for byte when the reader resumes. The same holds for any
 * size: the edge never holds more than a few windows of a stream.
 */
class Http2BoundedMemoryIT {
  private static final Pattern LISTENING = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void oneGibibyteOverHttp2ToAPausingReader(@TempDir Path dir) throws Exception {
    long size = 1L << 30;
    TestCertificates ca = TestCertificates.ca(dir, "memory");
    ca.issue("edge", "DNS:localhost");
    try (TestOrigin origin = TestOrigin.start()) {
      Path config = dir.resolve("edge.yaml");
      Files.writeString(config, """
          edge:
            name: small-h2-edge
            listen: 127.0.0.1:0
            listenTls: 127.0.0.1:0
            tls: { certificates: [ { certFile: edge.crt, keyFile: edge.key } ] }
            cache: { dir: cache, maxSize: 64MiB }
          distribution:
            origins:
              - { id: gen, url: %s }
            defaultCacheBehavior: { targetOriginId: gen }
          """.formatted(origin.url()));
      try (ChildJvm edge = ChildJvm.start(
          List.of("-Xmx96m", "-XX:MaxDirectMemorySize=96m", "-DSTREAMEDGE_TEST_LOG=INFO",
              "-XX:+ExitOnOutOfMemoryError"),
          "dev.streamedge.edge.cli.EdgeCli", "edge", "--config", config.toString())) {
        String line = edge.awaitLine(Duration.ofSeconds(60), l -> LISTENING.matcher(l).find(), "the edge to listen on https");
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .sslContext(ca.clientContext()).build();
        String path = "/gen/" + size + "/big.bin";
        HttpResponse<InputStream> r = client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        long seed = TestOrigin.seedOf(path);
        try (InputStream in = r.body()) {
          long first = 16L << 20;
          byte[] head = in.readNBytes((int) first);
          assertThat(head).hasSize((int) first);
          assertThat(head[(int) first - 1]).isEqualTo(DeterministicBytes.at(seed, first - 1));

          // The reader pauses: the origin must stop too, having sent only a bounded amount ahead.
          Await.until(Duration.ofSeconds(30), stable(origin::bodyBytesSent, Duration.ofMillis(700)),
              "the origin to stop sending while the viewer does not read");
          long ahead = origin.bodyBytesSent() - first;
          assertThat(ahead).as("bytes sent by the origin but not read by the viewer").isLessThan(64L << 20);
          assertThat(edge.isAlive()).as("edge survived the pause:\n" + edge.output()).isTrue();

          long rest = DeterministicBytes.verify(seed, first, in);
          assertThat(first + rest).isEqualTo(size);
        }
        assertThat(edge.isAlive()).as("edge survived:\n" + edge.output()).isTrue();
        assertThat(edge.terminate(Duration.ofSeconds(20))).isIn(0, 143);
      }
    }
  }

  /** True once {@code value} has not changed for {@code quiet}. */
  private static BooleanSupplier stable(java.util.function.LongSupplier value, Duration quiet) {
    long[] last = {Long.MIN_VALUE, System.nanoTime()};
    return () -> {
      long v = value.getAsLong();
      long now = System.nanoTime();
      if (v != last[0]) {
        last[0] = v;
        last[1] = now;
        return false;
      }
      return now - last[1] >= quiet.toNanos();
    };
  }
}
