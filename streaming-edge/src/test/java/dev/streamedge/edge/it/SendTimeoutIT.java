package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge.limits.sendTimeout}: a viewer that stops reading is closed; a slow one that reads is not. */
class SendTimeoutIT {
  private static final long SIZE = 64L << 20;

  @TempDir
  Path dir;

  TestOrigin origin;
  EdgeHarness edge;

  @BeforeEach
  void start() {
    origin = TestOrigin.start();
    edge = EdgeHarness.start(dir, "  limits: { sendTimeout: 2s }\n",
        EdgeHarness.oneOrigin(origin.url()));
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private Socket request(String path) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(64 << 10);
    s.connect(new InetSocketAddress("127.0.0.1", edge.edge.port()), 5000);
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void aViewerThatStopsReadingIsClosed() throws Exception {
    try (Socket s = request("/gen/" + SIZE + "/stalled.bin")) {
      Await.until(Duration.ofSeconds(10), () -> edge.edge.openConnections() == 1, "the edge has the connection");
      Await.until(Duration.ofSeconds(15), () -> edge.edge.openConnections() == 0,
          "the edge closes the connection of a viewer that reads nothing");
      s.setSoTimeout(10_000);
      long got = 0;
      byte[] buf = new byte[64 << 10];
      try (InputStream in = s.getInputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          got += n;
        }
      } catch (SocketException reset) {
        // closed with bytes unread on the edge's side: a reset is as good as an end
      }
      assertThat(got).isLessThan(SIZE);
    }
  }

  @Test
  void aSlowViewerThatKeepsReadingIsNotCut() throws Exception {
    try (Socket s = request("/gen/" + SIZE + "/slow.bin")) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 << 10];
      long got = 0;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() - until < 0) {
        int n = in.read(buf);
        assertThat(n).as("the stream goes on for a reader taking 64 KiB every 20 ms").isPositive();
        got += n;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the reader's pace, not a wait
      }
      assertThat(got).isLessThan(SIZE);
      assertThat(edge.edge.openConnections()).isEqualTo(1);
    }
  }
}
