package dev.streamedge.player.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.auth.PemKeys;
import dev.streamedge.player.account.PasswordHash;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigException;
import dev.streamedge.player.config.PlayerConfigLoader;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The player app on a real socket: the JDK server adapter, streaming assets, limits, and start-up errors. */
class PlayerServerIT {
  @TempDir
  static Path dir;

  static PlayerServer server;
  static HttpClient http;

  static PlayerConfig config(String extra) {
    return PlayerConfigLoader.parse("player:\n  listen: 127.0.0.1:0\n  usersFile: users.txt\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: key.pem }\n"
        + "  catalog: [ { type: vod, id: sample } ]\n" + extra, dir);
  }

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("users.txt"),
        "alice:" + PasswordHash.create("secret".toCharArray(), new SecureRandom(), 1_000).format() + "\n");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Files.writeString(dir.resolve("key.pem"), PemKeys.toPem(g.generateKeyPair().getPrivate()));
    server = PlayerServer.start(config(""));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI url(String path) {
    return server.baseUri().resolve(path);
  }

  @Test
  void pagesAndAssetsStreamFromTheJar() throws Exception {
    HttpResponse<byte[]> page = send(HttpRequest.newBuilder(url("/")));
    assertThat(page.statusCode()).isEqualTo(200);
    String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("src=\"(/assets/hls\\.js/[^\"]+)\"").matcher(
        new String(send(HttpRequest.newBuilder(url("/watch/vod/sample"))).body(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    HttpResponse<byte[]> hls = send(HttpRequest.newBuilder(url(m.group(1))));
    assertThat(hls.statusCode()).isEqualTo(200);
    assertThat(hls.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(hls.headers().firstValueAsLong("Content-Length")).hasValue(hls.body().length);
    String version = m.group(1).split("/")[3];
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/resources/webjars/hls.js/" + version + "/dist/hls.min.js")) {
      assertThat(hls.body()).isEqualTo(in.readAllBytes());
    }
    assertThat(html).contains("<title>Catalog · streamedge</title>");
    HttpResponse<byte[]> head = send(HttpRequest.newBuilder(url("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void signInOverTheSocket() throws Exception {
    HttpResponse<byte[]> ok = send(HttpRequest.newBuilder(url("/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "video.example.com")
        .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=secret&next=%2Fwatch%2Fvod%2Fsample")));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).contains("/watch/vod/sample");
    assertThat(ok.headers().allValues("Set-Cookie")).hasSize(5).allSatisfy(c -> assertThat(c).contains("; Secure"));
  }

  @Test
  void badRequestsGetShortAnswers() throws Exception {
    HttpResponse<byte[]> big = send(HttpRequest.newBuilder(url("/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + "a".repeat(10_000))));
    assertThat(big.statusCode()).isEqualTo(413);
    HttpResponse<byte[]> json = send(HttpRequest.newBuilder(url("/signin")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(json.statusCode()).isEqualTo(415);
    HttpResponse<byte[]> badEscape = send(HttpRequest.newBuilder(url("/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("username=%zz")));
    assertThat(badEscape.statusCode()).isEqualTo(400);
    assertThat(new String(badEscape.body())).startsWith("400 Bad Request").doesNotContain("Exception");
    assertThat(send(HttpRequest.newBuilder(url("/nope"))).statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(url("/")).DELETE()).statusCode()).isEqualTo(405);
  }

  @Test
  void startUpErrorsNameTheKey() throws Exception {
    assertThatThrownBy(() -> PlayerServer.start(config("").withListen(server.address())))
        .isInstanceOf(PlayerConfigException.class).hasMessageStartingWith("player.listen: cannot listen on");
    PlayerConfig noKey = PlayerConfigLoader.parse("player:\n  listen: 127.0.0.1:0\n  usersFile: users.txt\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: missing.pem }\n", dir);
    assertThatThrownBy(() -> PlayerServer.start(noKey)).hasMessageStartingWith("player.signing.privateKeyFile: cannot read");
    Files.writeString(dir.resolve("not-a-key.pem"), "hello\n");
    PlayerConfig badKey = PlayerConfigLoader.parse("player:\n  listen: 127.0.0.1:0\n  usersFile: users.txt\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: not-a-key.pem }\n", dir);
    assertThatThrownBy(() -> PlayerServer.start(badKey)).hasMessageStartingWith("player.signing.privateKeyFile: ");
    Files.writeString(dir.resolve("bad-users.txt"), "alice\n");
    PlayerConfig badUsers = PlayerConfigLoader.parse("player:\n  listen: 127.0.0.1:0\n  usersFile: bad-users.txt\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: key.pem }\n", dir);
    assertThatThrownBy(() -> PlayerServer.start(badUsers)).hasMessageStartingWith("player.usersFile: ")
        .hasMessageContaining("bad-users.txt line 1");
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> PlayerServer.start(config("").withListen((InetSocketAddress) busy.getLocalSocketAddress())))
          .hasMessageStartingWith("player.listen: ");
    }
  }
}
