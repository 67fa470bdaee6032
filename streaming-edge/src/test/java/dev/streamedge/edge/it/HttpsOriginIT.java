package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.streamedge.edge.tls.TestCertificates;
import dev.streamedge.testkit.DeterministicBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origins over HTTPS: the edge verifies the origin's certificate (a configured CA file, or the
 * system trust store) and its name, sends SNI, streams the body, and answers a bad certificate or
 * a handshake that never completes with a clear 502/504.
 */
class HttpsOriginIT {
  @TempDir
  static Path dir;

  static TestCertificates ca;
  static HttpsServer trusted;
  static HttpsServer wrongName;
  static ServerSocket silent;
  static final List<Socket> held = new CopyOnWriteArrayList<>();
  static ExecutorService threads;
  static EdgeHarness edge;

  @BeforeAll
  static void start() throws IOException {
    ca = TestCertificates.ca(dir, "origins");
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "https-origin");
      t.setDaemon(true);
      return t;
    });
    trusted = origin(ca.issue("origin", "DNS:localhost", "IP:127.0.0.1").serverContext());
    wrongName = origin(ca.issue("elsewhere", "DNS:elsewhere.test").serverContext());
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(() -> {
      while (!silent.isClosed()) {
        try {
          held.add(silent.accept()); // accepts TCP, never answers the ClientHello
        } catch (IOException e) {
          return;
        }
      }
    });
    edge = EdgeHarness.start(dir, "",
        "  origins:\n"
            + "    - { id: trusted, url: https://localhost:" + trusted.getAddress().getPort() + ", caFile: origins-ca.crt }\n"
            + "    - { id: by-ip, url: https://127.0.0.1:" + trusted.getAddress().getPort() + ", caFile: origins-ca.crt }\n"
            + "    - { id: untrusted, url: https://localhost:" + trusted.getAddress().getPort() + " }\n"
            + "    - { id: misnamed, url: https://localhost:" + wrongName.getAddress().getPort() + ", caFile: origins-ca.crt }\n"
            + "    - { id: silent, url: https://localhost:" + silent.getLocalPort() + ", connectTimeout: 1s }\n"
            + "  defaultCacheBehavior: { targetOriginId: trusted }\n"
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/ip/*\", targetOriginId: by-ip }\n"
            + "    - { pathPattern: \"/untrusted/*\", targetOriginId: untrusted }\n"
            + "    - { pathPattern: \"/misnamed/*\", targetOriginId: misnamed }\n"
            + "    - { pathPattern: \"/silent/*\", targetOriginId: silent }\n");
  }

  /**
   * A JDK HTTPS server: {@code /sni} answers the names the client asked for, {@code /port} the
   * client's port (one per connection), anything else 3 MB of bytes.
   */
  private static HttpsServer origin(SSLContext context) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    s.setHttpsConfigurator(new HttpsConfigurator(context));
    s.setExecutor(threads);
    s.createContext("/", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        if (ex.getRequestURI().getPath().endsWith("/port")) {
          byte[] body = (ex.getRemoteAddress().getPort() + "\n").getBytes(StandardCharsets.US_ASCII);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          return;
        }
        if (ex.getRequestURI().getPath().endsWith("/sni")) {
          ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession();
          byte[] body = session.getRequestedServerNames().stream()
              .map(n -> n instanceof SNIHostName h ? h.getAsciiName() : n.toString())
              .collect(Collectors.joining(",", "sni=", "\n")).getBytes(StandardCharsets.US_ASCII);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          return;
        }
        ex.getResponseHeaders().set("Cache-Control", "max-age=60");
        ex.sendResponseHeaders(200, 3_000_000);
        try (OutputStream out = ex.getResponseBody()) {
          DeterministicBytes.write(11, 0, 3_000_000, out);
        }
      }
    });
    s.start();
    return s;
  }

  @AfterAll
  static void stop() throws IOException {
    edge.close();
    trusted.stop(0);
    wrongName.stop(0);
    silent.close();
    for (Socket s : held) {
      s.close();
    }
    threads.shutdownNow();
  }

  @Test
  void aTrustedOriginStreamsAndGetsSni() throws Exception {
    for (String path : List.of("/big.bin", "/ip/big.bin")) {
      HttpResponse<InputStream> r = edge.client.send(java.net.http.HttpRequest.newBuilder(edge.uri(path)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      try (InputStream in = r.body()) {
        assertThat(DeterministicBytes.verify(11, 0, in)).isEqualTo(3_000_000);
      }
    }
    assertThat(edge.get("/sni").body()).isEqualTo("sni=localhost\n");
    // An IP address is verified against the certificate's IP entries and sent without SNI (RFC 6066 §3).
    assertThat(edge.get("/ip/sni").body()).isEqualTo("sni=\n");
  }

  @Test
  void pooledTlsConnectionsAreReused() throws Exception {
    java.util.Set<String> connections = new java.util.HashSet<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = edge.get("/port?i=" + i);
      assertThat(r.statusCode()).isEqualTo(200);
      connections.add(r.body());
    }
    assertThat(connections).as("one handshake, then the pooled connection").hasSize(1);
  }

  @Test
  void anUntrustedCertificateIsA502WithTheReason() throws Exception {
    HttpResponse<String> r = edge.get("/untrusted/a");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 Bad Gateway: origin 'untrusted' TLS handshake failed: ")
        .contains("not trusted");
  }

  @Test
  void aCertificateForAnotherNameIsA502WithTheReason() throws Exception {
    HttpResponse<String> r = edge.get("/misnamed/a");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).startsWith("502 Bad Gateway: origin 'misnamed' TLS handshake failed: ")
        .contains("does not name this host");
  }

  @Test
  void aHandshakeThatNeverCompletesIsA504() throws Exception {
    HttpResponse<String> r = edge.get("/silent/a");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("origin 'silent' did not complete a TLS handshake");
  }
}
