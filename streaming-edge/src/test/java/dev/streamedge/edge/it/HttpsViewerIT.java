package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamedge.edge.tls.TestCertificates;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.DeterministicBytes;
import dev.streamedge.testkit.TestOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTPS listener with real TLS clients (the JDK's HttpClient and raw SSLSocket, curl): HTTP/1.1
 * and HTTP/2 on one port, the certificate chosen by SNI, viewer protocol policies across both
 * listeners, uploads and many streams over HTTP/2, certificate reload while a download is in
 * flight, and the connection limits (handshake timeout, idle HTTP/2 connections, plain HTTP).
 */
class HttpsViewerIT {
  @TempDir
  static Path dir;

  static TestOrigin origin;
  static TestCertificates ca;
  static TestCertificates.Issued a;
  static TestCertificates.Issued w;
  static EdgeHarness edge;
  static int tlsPort;

  @BeforeAll
  static void start() {
    origin = TestOrigin.start()
        .route("/secure/a.txt", s -> TestOrigin.Reply.text(200, "secret\n", "Cache-Control", "max-age=60"))
        .route("/moved/a.txt", s -> TestOrigin.Reply.text(200, "moved\n", "Cache-Control", "max-age=60"))
        .route("/cookies", s -> TestOrigin.Reply.text(200, String.valueOf(s.header("Cookie")) + "\n"))
        .route("/upload/file", s -> TestOrigin.Reply.text(201, s.bodyLength() + " " + s.bodySha256()));
    ca = TestCertificates.ca(dir, "viewer");
    a = ca.issue("a", "DNS:a.test", "DNS:localhost", "IP:127.0.0.1");
    w = ca.issue("w", "DNS:*.w.test");
    edge = EdgeHarness.start(dir,
        "  listenTls: 127.0.0.1:0\n"
            + "  tls:\n"
            + "    certificates:\n"
            + "      - { certFile: a.crt, keyFile: a.key }\n"
            + "      - { certFile: w.crt, keyFile: w.key }\n",
        EdgeHarness.oneOrigin(origin.url())
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/secure/*\", targetOriginId: o, viewerProtocolPolicy: https-only }\n"
            + "    - { pathPattern: \"/moved/*\", targetOriginId: o, viewerProtocolPolicy: redirect-to-https }\n"
            + "    - { pathPattern: \"/upload/*\", targetOriginId: o, allowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE] }\n");
    tlsPort = edge.edge.tlsAddress().getPort();
  }

  @AfterAll
  static void stop() {
    edge.close();
    origin.close();
  }

  static HttpClient client(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).sslContext(ca.clientContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static URI https(String pathAndQuery) {
    return URI.create("https://localhost:" + tlsPort + pathAndQuery);
  }

  @ParameterizedTest
  @EnumSource(value = HttpClient.Version.class)
  void http1AndHttp2OnOnePortStreamAndCache(HttpClient.Version version) throws Exception {
    HttpClient client = client(version);
    String path = "/gen/3000000/both-" + version;
    for (String expected : List.of("Miss", "Hit")) {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(https(path)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.version()).isEqualTo(version);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-cache").orElse("")).startsWith(expected);
      assertThat(r.headers().firstValue("content-length")).hasValue("3000000");
      try (InputStream in = r.body()) {
        assertThat(DeterministicBytes.verify(TestOrigin.seedOf(path), 0, in)).isEqualTo(3_000_000);
      }
    }
    HttpResponse<String> range = client.send(HttpRequest.newBuilder(https(path)).header("Range", "bytes=10-19").build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("content-range")).hasValue("bytes 10-19/3000000");
    assertThat(range.body()).hasSize(10);
  }

  /** TLS (HTTP/1.1 and HTTP/2) keeps the buffer path: a file region cannot be encrypted. */
  @ParameterizedTest
  @EnumSource(value = HttpClient.Version.class)
  void fileBackedObjectsOverTlsAreSentFromBuffersNotSendfile(HttpClient.Version version) throws Exception {
    HttpClient client = client(version);
    long size = 20_000_000; // in slices, each in a body file
    String path = "/gen/" + size + "/tls-" + version;
    long before = sendfileBytes();
    for (int pass = 0; pass < 2; pass++) { // following the slice fills, then from the cache
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(https(path)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.version()).isEqualTo(version);
      assertThat(r.statusCode()).isEqualTo(200);
      try (InputStream in = r.body()) {
        assertThat(DeterministicBytes.verify(TestOrigin.seedOf(path), 0, in)).isEqualTo(size);
      }
    }
    assertThat(sendfileBytes()).isEqualTo(before);
  }

  private static long sendfileBytes() {
    return edge.metric("streamedge_sendfile_bytes_total");
  }

  @Test
  void manyConcurrentStreamsOnOneHttp2Connection() {
    HttpClient client = client(HttpClient.Version.HTTP_2);
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      all.add(client.sendAsync(HttpRequest.newBuilder(https("/gen/" + (200_000 + i) + "/s" + i)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < all.size(); i++) {
      HttpResponse<byte[]> r = all.get(i).join();
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).hasSize(200_000 + i);
      assertThat(r.body()[1234]).isEqualTo(DeterministicBytes.at(TestOrigin.seedOf("/gen/" + (200_000 + i) + "/s" + i), 1234));
    }
  }

  @Test
  void streamsSharingAConnectionGetFullDataFrames() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/nghttp")), "nghttp (Debian's nghttp2-client) is not installed");
    String path = "/gen/1048576/frames";
    Process p = new ProcessBuilder("nghttp", "-nv", "-m", "10", "https://127.0.0.1:" + tlsPort + path)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("recv DATA frame <length=(\\d+)").matcher(out);
    long frames = 0;
    long bytes = 0;
    while (m.find()) {
      frames++;
      bytes += Long.parseLong(m.group(1));
    }
    assertThat(bytes).as(out.lines().limit(40).reduce("", (x, y) -> x + "\n" + y)).isEqualTo(10L << 20);
    // Netty's default would slice the ten streams into 1 KiB frames (about 9,300 of them).
    assertThat(bytes / frames).as("average DATA frame").isGreaterThan(4096);
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void uploadsStreamOverHttp2(boolean knownLength) throws Exception {
    long size = 3_000_000 + (knownLength ? 1 : 0);
    HttpRequest.BodyPublisher body = knownLength
        ? HttpRequest.BodyPublishers.ofByteArray(generated(size))
        : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(generated(size)));
    HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(
        HttpRequest.newBuilder(https("/upload/file")).POST(body).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo(size + " " + DeterministicBytes.sha256(7, 0, size));
  }

  private static byte[] generated(long size) {
    byte[] b = new byte[(int) size];
    DeterministicBytes.fill(7, 0, b, 0, b.length);
    return b;
  }

  @Test
  void http2CookieFieldsReachTheOriginAsOne() throws Exception {
    // HttpClient sends one field; several (RFC 9113 §8.2.3) are covered by Http2RequestAdapterTest.
    HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(
        HttpRequest.newBuilder(https("/cookies")).header("Cookie", "a=1; b=2").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("a=1; b=2\n");
    TestOrigin.Seen seen = origin.requests().stream().filter(s -> s.uri().equals("/cookies")).reduce((x, y) -> y).orElseThrow();
    assertThat(seen.headers().keySet()).noneMatch(k -> k.toLowerCase().startsWith("x-http2-"));
    assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + origin.port());
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("localhost:" + tlsPort);
  }

  @ParameterizedTest
  @CsvSource({"--http2, 2", "--http1.1, 1.1"})
  void curlChoosesTheProtocolAndVerifiesTheCertificateSniPicked(String flag, String version) throws Exception {
    for (String host : List.of("a.test", "x.w.test")) {
      Process p = new ProcessBuilder("curl", "-sS", flag, "--cacert", ca.caCert().toString(),
          "--resolve", host + ":" + tlsPort + ":127.0.0.1", "-w", "\n%{http_version}",
          "https://" + host + ":" + tlsPort + "/moved/a.txt").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).isEqualTo("moved\n\n" + version);
    }
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "a.test, a.test",
      "A.TEST, a.test",
      "localhost, a.test",
      "x.w.test, *.w.test",
      "deep.x.w.test, a.test",
      "w.test, a.test",
      "other.example, a.test",
      "none, a.test",
  })
  void sniPicksTheCertificate(String sni, String expectedCommonName) throws IOException {
    X509Certificate leaf = handshake(tlsPort, sni);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + expectedCommonName);
  }

  /** A fresh TLS connection with {@code sni} (null: none); the certificate the edge presented. */
  static X509Certificate handshake(int port, String sni) throws IOException {
    try (SSLSocket s = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
      s.setSSLParameters(p);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void viewerProtocolPoliciesAcrossBothListeners() throws Exception {
    HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> moved = plain.send(HttpRequest.newBuilder(edge.uri("/moved/a.txt?x=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(moved.statusCode()).isEqualTo(301);
    String location = moved.headers().firstValue("location").orElseThrow();
    assertThat(location).isEqualTo("https://127.0.0.1:" + tlsPort + "/moved/a.txt?x=1");
    HttpResponse<String> refused = plain.send(HttpRequest.newBuilder(edge.uri("/secure/a.txt")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("HTTPS only");
    for (HttpClient.Version v : HttpClient.Version.values()) {
      HttpResponse<String> followed = client(v).send(HttpRequest.newBuilder(URI.create(location)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(followed.version()).isEqualTo(v);
      assertThat(followed.statusCode()).isEqualTo(200);
      assertThat(followed.body()).isEqualTo("moved\n");
      HttpResponse<String> secure = client(v).send(HttpRequest.newBuilder(https("/secure/a.txt")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(secure.statusCode()).isEqualTo(200);
      assertThat(secure.body()).isEqualTo("secret\n");
    }
    // The whole round trip as a browser does it: http -> 301 -> https, followed by the client.
    HttpClient following = HttpClient.newBuilder().sslContext(ca.clientContext())
        .followRedirects(HttpClient.Redirect.ALWAYS).build();
    HttpResponse<String> r = following.send(HttpRequest.newBuilder(edge.uri("/moved/a.txt")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.uri().getScheme()).isEqualTo("https");
    assertThat(r.body()).isEqualTo("moved\n");
  }

  @Test
  void aReloadedCertificateServesNewConnectionsWhileAnOldDownloadCompletes(@TempDir Path own) throws Exception {
    TestCertificates ca2 = TestCertificates.ca(own, "reload");
    TestCertificates.Issued first = ca2.issue("site", "DNS:localhost");
    BigInteger firstSerial = first.certificate().getSerialNumber();
    try (TestOrigin slow = TestOrigin.start();
        EdgeHarness e = EdgeHarness.start(own,
            "  listenTls: 127.0.0.1:0\n"
                + "  tls: { reloadInterval: 100ms, certificates: [ { certFile: site.crt, keyFile: site.key } ] }\n",
            "  origins: [ { id: o, url: " + slow.url() + " } ]\n"
                + "  defaultCacheBehavior: { targetOriginId: o }\n")) {
      int port = e.edge.tlsAddress().getPort();
      HttpClient oldClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .sslContext(ca2.clientContext()).build();
      long size = 96L << 20;
      String path = "/gen/" + size + "/in-flight";
      HttpResponse<InputStream> inFlight = oldClient.send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(serial(inFlight)).isEqualTo(firstSerial);
      try (InputStream in = inFlight.body()) {
        assertThat(in.readNBytes(1 << 20)).hasSize(1 << 20);

        // Renewed in place, as certbot does; a file that does not parse is skipped until it does.
        Files.writeString(own.resolve("site.crt"), "-----BEGIN CERTIFICATE-----\ngarbage\n");
        BigInteger secondSerial = ca2.issue("site", "DNS:localhost").certificate().getSerialNumber();
        Await.until(Duration.ofSeconds(10), () -> serialOfNewConnection(port, "localhost").equals(secondSerial),
            "a new connection to get the renewed certificate");
        HttpResponse<String> fresh = HttpClient.newBuilder().sslContext(ca2.clientContext()).build()
            .send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/gen/10/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(serial(fresh)).isEqualTo(secondSerial);

        // The download that started with the old certificate finishes on its connection.
        long rest = DeterministicBytes.verify(TestOrigin.seedOf(path), 1 << 20, in);
        assertThat(rest).isEqualTo(size - (1 << 20));
      }
    }
  }

  private static BigInteger serial(HttpResponse<?> r) throws IOException {
    return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  private static BigInteger serialOfNewConnection(int port, String sni) {
    try {
      return handshakeAnyCertificate(port, sni).getSerialNumber();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** A fresh connection that accepts whatever certificate is presented (the point is which one). */
  private static X509Certificate handshakeAnyCertificate(int port, String sni) throws Exception {
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    X509Certificate[] seen = new X509Certificate[1];
    ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen[0] = chain[0];
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(sni)));
      s.setSSLParameters(p);
      s.startHandshake();
    }
    return seen[0];
  }

  @Test
  void connectionLimits(@TempDir Path own) throws Exception {
    Files.copy(a.cert(), own.resolve("a.crt"));
    Files.copy(a.key(), own.resolve("a.key"));
    try (EdgeHarness e = EdgeHarness.start(own,
        "  limits: { requestHeaderTimeout: 1s, idleTimeout: 1s }\n"
            + "  listenTls: 127.0.0.1:0\n"
            + "  tls: { certificates: [ { certFile: a.crt, keyFile: a.key } ] }\n",
        "  origins: [ { id: o, url: " + origin.url() + " } ]\n"
            + "  defaultCacheBehavior: { targetOriginId: o }\n")) {
      int port = e.edge.tlsAddress().getPort();
      // A client that never says hello is dropped after requestHeaderTimeout.
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
      // Plain HTTP to the TLS port: closed, not answered as HTTP.
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.getInputStream().readAllBytes()).isEmpty();
      }
      // An HTTP/2 connection with no stream open is closed with a GOAWAY after idleTimeout.
      try (SSLSocket s = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(p);
        s.startHandshake();
        assertThat(s.getApplicationProtocol()).isEqualTo("h2");
        OutputStream out = s.getOutputStream();
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // empty SETTINGS
        out.flush();
        long started = System.nanoTime();
        List<Integer> frameTypes = frameTypesUntilClosed(s.getInputStream());
        assertThat(frameTypes).contains(4, 7); // SETTINGS ... GOAWAY
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(800));
      }
    }
  }

  /** Reads HTTP/2 frames (RFC 9113 §4.1) until the connection ends; their types in order. */
  private static List<Integer> frameTypesUntilClosed(InputStream in) throws IOException {
    List<Integer> types = new ArrayList<>();
    while (true) {
      byte[] header = in.readNBytes(9);
      if (header.length < 9) {
        return types;
      }
      int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
      types.add(header[3] & 0xff);
      ByteArrayOutputStream skip = new ByteArrayOutputStream();
      skip.write(in.readNBytes(length));
    }
  }
}
