package dev.streamedge.player.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.edge.tls.CertifiedKey;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's self-signed certificate: made once, readable by the edge, accepted by TLS clients that trust it. */
class DemoCertificatesTest {
  @TempDir
  Path dir;

  @Test
  void makesAServableCertificateOnceAndKeepsIt() throws Exception {
    Path cert = dir.resolve("data/tls/localhost.crt");
    Path key = dir.resolve("data/tls/localhost.key");
    DemoCertificates.ensure(cert, key);
    CertifiedKey k = CertifiedKey.read(Files.readString(cert), Files.readString(key), List.of());
    assertThat(k.names()).containsExactly("localhost");
    assertThat(k.leaf().getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
        .contains("localhost", "127.0.0.1");
    assertThat(k.leaf().getBasicConstraints()).as("not a CA").isEqualTo(-1);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");
    }
    String before = Files.readString(cert);
    DemoCertificates.ensure(cert, key);
    assertThat(Files.readString(cert)).as("kept on the next run").isEqualTo(before);

    Files.delete(key);
    assertThatThrownBy(() -> DemoCertificates.ensure(cert, key)).hasMessageContaining("delete it");
  }

  @Test
  void anEdgeServesItToClientsThatTrustIt() throws Exception {
    DemoCertificates.ensure(dir.resolve("tls/localhost.crt"), dir.resolve("tls/localhost.key"));
    String yaml = """
        edge:
          name: demo-tls
          listen: 127.0.0.1:0
          listenTls: 127.0.0.1:0
          tls: { certificates: [ { certFile: tls/localhost.crt, keyFile: tls/localhost.key } ] }
          cache: { dir: cache, maxSize: 16MiB }
        distribution:
          origins: [ { id: none, url: "http://127.0.0.1:9", connectTimeout: 1s, connectionAttempts: 1 } ]
          defaultCacheBehavior: { targetOriginId: none }
        """;
    try (Edge edge = Edge.start(EdgeConfigLoader.parse(yaml, dir))) {
      int port = edge.tlsAddress().getPort();
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(dir.resolve("tls/localhost.crt"))).build();
      for (String host : List.of("localhost", "127.0.0.1")) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/x")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).as("the origin is down; the TLS part worked").isEqualTo(502);
      }
      Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_version}",
          "--cacert", dir.resolve("tls/localhost.crt").toString(), "https://localhost:" + port + "/x")
          .redirectErrorStream(true).start();
      String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out).isEqualTo("2");
    }
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    ks.setCertificateEntry("demo", c);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
