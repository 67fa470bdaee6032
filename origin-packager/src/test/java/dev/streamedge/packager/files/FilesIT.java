package dev.streamedge.packager.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RawHttp;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /files/ over real sockets: ranges, validators, traversal, > 4 GiB offsets, both transfer paths. */
class FilesIT {
  private static final long FIVE_GIB = 5L * 1024 * 1024 * 1024;
  @TempDir static Path dir;
  static Path files;
  static byte[] data;
  static RunningPackager zeroCopy;
  static RunningPackager chunked;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws IOException {
    files = Files.createDirectories(dir.resolve("files"));
    data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    Files.write(files.resolve("data.bin"), data);
    Files.createDirectories(files.resolve("sub dir"));
    Files.writeString(files.resolve("sub dir/hello.txt"), "hello\n");
    Files.writeString(dir.resolve("secret.txt"), "secret\n");
    Files.createSymbolicLink(files.resolve("escape.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(files.resolve("escape-dir"), dir);
    Files.createSymbolicLink(files.resolve("inside.bin"), files.resolve("data.bin"));
    try (RandomAccessFile raf = new RandomAccessFile(files.resolve("huge.bin").toFile(), "rw")) {
      raf.setLength(FIVE_GIB);
      raf.seek(4_294_967_296L + 100);
      raf.write("MARK-ABOVE-4GIB".getBytes(StandardCharsets.US_ASCII));
    }
    zeroCopy = Packager.start(config("zc", true));
    chunked = Packager.start(config("chunked", false));
  }

  private static PackagerConfig config(String name, boolean zc) {
    return PackagerConfig.builder().name(name).listen("127.0.0.1:0").workDir(dir.resolve("work-" + name))
        .filesDir(files).zeroCopy(zc).build();
  }

  @AfterAll
  static void stop() {
    zeroCopy.close();
    chunked.close();
  }

  private static HttpResponse<byte[]> get(RunningPackager p, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.baseUri() + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static List<RunningPackager> both() {
    return List.of(zeroCopy, chunked);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void wholeFileWithValidators(boolean zc) throws Exception {
    HttpResponse<byte[]> r = get(zc ? zeroCopy : chunked, "/files/data.bin");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
    assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(r.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(r.headers().firstValue("Last-Modified")).isPresent();
    assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=3600");
    assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
  }

  @Test
  void headMatchesGetWithoutBody() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(zeroCopy.baseUri() + "/files/data.bin"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).contains(Long.toString(data.length));
    assertThat(r.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void singleRange(boolean zc) throws Exception {
    HttpResponse<byte[]> r = get(zc ? zeroCopy : chunked, "/files/data.bin", "Range", "bytes=1000-1999");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes 1000-1999/" + data.length);
    assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 2000));
  }

  @Test
  void multipleRangesAsMultipart() throws Exception {
    HttpResponse<byte[]> r = get(zeroCopy, "/files/data.bin", "Range", "bytes=0-9,-5");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = r.headers().firstValue("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    String boundary = type.substring(type.indexOf('=') + 1);
    String body = new String(r.body(), StandardCharsets.ISO_8859_1);
    assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("\r\n--" + boundary + "--\r\n");
    assertThat(body).contains("Content-Range: bytes 0-9/" + data.length)
        .contains("Content-Range: bytes " + (data.length - 5) + "-" + (data.length - 1) + "/" + data.length);
    assertThat(body).contains(new String(data, 0, 10, StandardCharsets.ISO_8859_1));
    assertThat(Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow())).isEqualTo(r.body().length);
  }

  @Test
  void unsatisfiableRange() throws Exception {
    HttpResponse<byte[]> r = get(zeroCopy, "/files/data.bin", "Range", "bytes=" + data.length + "-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes */" + data.length);
  }

  @Test
  void conditionalRequests() throws Exception {
    HttpResponse<byte[]> first = get(zeroCopy, "/files/data.bin");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String modified = first.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(get(zeroCopy, "/files/data.bin", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get(zeroCopy, "/files/data.bin", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    assertThat(get(zeroCopy, "/files/data.bin", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> ranged = get(zeroCopy, "/files/data.bin", "Range", "bytes=0-3", "If-Range", etag);
    assertThat(ranged.statusCode()).isEqualTo(206);
    HttpResponse<byte[]> stale = get(zeroCopy, "/files/data.bin", "Range", "bytes=0-3", "If-Range", "\"old\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).hasSize(data.length);
    assertThat(get(chunked, "/files/data.bin").headers().firstValue("ETag")).contains(etag);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void offsetsAboveFourGib(boolean zc) throws Exception {
    RunningPackager p = zc ? zeroCopy : chunked;
    HttpResponse<byte[]> r = get(p, "/files/huge.bin", "Range", "bytes=4294967390-4294967419");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes 4294967390-4294967419/" + FIVE_GIB);
    byte[] expected = new byte[30];
    System.arraycopy("MARK-ABOVE-4GIB".getBytes(StandardCharsets.US_ASCII), 0, expected, 6, 15);
    assertThat(r.body()).isEqualTo(expected);
    HttpResponse<byte[]> tail = get(p, "/files/huge.bin", "Range", "bytes=-3");
    assertThat(tail.headers().firstValue("Content-Range")).contains("bytes " + (FIVE_GIB - 3) + "-" + (FIVE_GIB - 1) + "/" + FIVE_GIB);
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(p.baseUri() + "/files/huge.bin"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("Content-Length")).contains(Long.toString(FIVE_GIB));
  }

  @Test
  void streamsALongRangeAboveFourGib() throws Exception {
    // 256 MiB from offset 4 GiB, counted and hashed as it arrives (never held whole).
    long from = 4L << 30;
    long len = 256L << 20;
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(chunked.baseUri() + "/files/huge.bin"))
        .header("Range", "bytes=" + from + "-" + (from + len - 1)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(206);
    long n = 0;
    long nonZero = 0;
    try (InputStream in = r.body()) {
      byte[] buf = new byte[1 << 16];
      for (int k; (k = in.read(buf)) > 0; ) {
        for (int i = 0; i < k; i++) {
          nonZero += buf[i] != 0 ? 1 : 0;
        }
        n += k;
      }
    }
    assertThat(n).isEqualTo(len);
    assertThat(nonZero).isEqualTo(15);
  }

  @Test
  void fileNamesArePercentDecoded() throws Exception {
    HttpResponse<byte[]> r = get(zeroCopy, "/files/sub%20dir/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(get(zeroCopy, "/files/inside.bin").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/files/../pom.xml", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt", "/files/..%2fsecret.txt",
      "/files/sub%20dir/../../secret.txt", "/files/a%00b", "/files/escape.txt", "/files/escape-dir/secret.txt",
      "/files/sub%20dir", "/files/sub%20dir/", "/files/", "/files/missing.bin", "/files/%zz",
  })
  void traversalAndMissingAreRefused(String path) throws Exception {
    try (RawHttp raw = new RawHttp(zeroCopy.address())) {
      RawHttp.Reply r = raw.exchange("GET", path);
      assertThat(r.status()).isIn(400, 404);
      assertThat(r.text()).doesNotContain("secret").doesNotContain("Exception");
    }
  }

  @Test
  void curlPathAsIsTraversalIsRefused() throws Exception {
    Process p = new ProcessBuilder("curl", "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
        zeroCopy.baseUri() + "/files/../secret.txt").redirectErrorStream(true).start();
    String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    p.waitFor();
    assertThat(code).isIn("400", "404");
  }

  @Test
  void curlDownloadMatches() throws Exception {
    Path out = dir.resolve("curl-out.bin");
    Process p = new ProcessBuilder("curl", "-s", "-f", "-o", out.toString(), zeroCopy.baseUri() + "/files/data.bin")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    assertThat(sha(Files.readAllBytes(out))).isEqualTo(sha(data));
  }

  @Test
  void keepAliveAndPipelinedRequestsAnswerInOrder() throws Exception {
    try (RawHttp raw = new RawHttp(zeroCopy.address())) {
      raw.send("GET /files/sub%20dir/hello.txt HTTP/1.1\r\nHost: t\r\n\r\n"
          + "HEAD /files/data.bin HTTP/1.1\r\nHost: t\r\n\r\n"
          + "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
          + "GET /files/nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      RawHttp.Reply a = raw.read(false);
      RawHttp.Reply b = raw.read(true);
      RawHttp.Reply c = raw.read(false);
      RawHttp.Reply d = raw.read(false);
      assertThat(a.text()).isEqualTo("hello\n");
      assertThat(b.header("content-length")).isEqualTo(Long.toString(data.length));
      assertThat(c.text()).isEqualTo("ok\n");
      assertThat(d.status()).isEqualTo(404);
      assertThat(d.header("connection")).isEqualTo("close");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void limitsAnswerRatherThanHang() throws Exception {
    try (RawHttp raw = new RawHttp(zeroCopy.address())) {
      raw.send("GET /files/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(raw.read(false).status()).isEqualTo(414);
    }
    try (RawHttp raw = new RawHttp(zeroCopy.address())) {
      raw.send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
      assertThat(raw.read(false).status()).isEqualTo(431);
    }
    try (RawHttp raw = new RawHttp(zeroCopy.address())) {
      RawHttp.Reply r = raw.exchange("DELETE", "/files/data.bin");
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
  }

  @Test
  void healthz() throws Exception {
    HttpResponse<byte[]> r = get(zeroCopy, "/healthz");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
