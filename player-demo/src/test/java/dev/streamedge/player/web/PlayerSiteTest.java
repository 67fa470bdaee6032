package dev.streamedge.player.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.player.account.PasswordHash;
import dev.streamedge.player.account.UserDirectory;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigLoader;
import dev.streamedge.player.session.SignInCookies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlayerSiteTest {
  @TempDir
  static Path dir;

  static CloudFrontSigner signer;
  static UserDirectory users;
  static StaticAssets assets;

  @BeforeAll
  static void setUp() throws Exception {
    Path file = dir.resolve("users.txt");
    Files.writeString(file, "alice:" + PasswordHash.create("secret".toCharArray(), new SecureRandom(), 1_000).format() + "\n");
    users = UserDirectory.load(file);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    signer = CloudFrontSigner.of("K2TEST", g.generateKeyPair().getPrivate());
    assets = StaticAssets.load(PlayerSiteTest.class.getClassLoader());
    SITE = site("");
  }

  private static PlayerSite site(String extra) {
    PlayerConfig config = PlayerConfigLoader.parse("player:\n  usersFile: users.txt\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: k.pem }\n  signInHint: user alice\n" + extra
        + "  catalog:\n"
        + "    - { type: vod, id: sample, title: 'Test <card> & \"more\"' }\n"
        + "    - { type: live, id: test, title: Live, subscribersOnly: true }\n"
        + "    - { type: file, path: sample.bin, title: Bytes }\n", dir);
    SignInCookies cookies = new SignInCookies(signer, config.signing().resource(), config.sessionLength(),
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    return new PlayerSite(config, assets, users, cookies, config.signInHint().orElse(null), 1);
  }

  static PlayerSite SITE;

  private static WebRequest get(String path) {
    return request("GET", path, Map.of(), Map.of());
  }

  private static WebRequest request(String method, String path, Map<String, String> headers, Map<String, String> form) {
    int q = path.indexOf('?');
    Map<String, String> h = new HashMap<>();
    h.put("host", "127.0.0.1:9100");
    h.put("x-forwarded-host", "localhost:8080");
    h.put("x-forwarded-proto", "http");
    headers.forEach((k, v) -> {
      if (v == null) {
        h.remove(k.toLowerCase());
      } else {
        h.put(k.toLowerCase(), v);
      }
    });
    return new WebRequest(method, q < 0 ? path : path.substring(0, q),
        q < 0 ? Map.of() : WebRequest.parseForm(path.substring(q + 1)), h, form);
  }

  private static WebRequest signIn(String user, String password, Map<String, String> headers) {
    return request("POST", "/signin", headers, Map.of("username", user, "password", password, "next", "/watch/live/test"));
  }

  @Test
  void theCatalogListsVideosAndEscapesTitles() {
    WebResponse r = SITE.handle(get("/"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(r.text()).contains("Test &lt;card&gt; &amp; &quot;more&quot;").doesNotContain("<card>")
        .contains("href=\"/watch/vod/sample\"").contains("href=\"/watch/live/test\"").contains("Subscribers")
        .contains("<code>sample.bin</code>").doesNotContain("<script>");
  }

  @Test
  void theWatchPageCarriesItsStreamAndLoadsHlsFromThisSite() {
    WebResponse r = SITE.handle(get("/watch/live/test"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("data-src=\"/live/test/master.m3u8\"").contains("data-kind=\"live\"")
        .contains("data-subscribers=\"true\"").contains("src=\"" + assets.hlsUrl() + "\"")
        .contains("href=\"/signin?next=/watch/live/test\"").contains("This video is for subscribers")
        .doesNotContain("http://").doesNotContain("https://");
    assertThat(SITE.handle(get("/watch/vod/nope")).status()).isEqualTo(404);
    assertThat(SITE.handle(get("/watch/vod/test")).status()).isEqualTo(404);
    assertThat(SITE.handle(get("/watch/file/sample.bin")).status()).isEqualTo(404);
    assertThat(SITE.handle(get("/watch/vod/../x")).status()).isEqualTo(404);
  }

  @Test
  void downloadsListFiles() {
    WebResponse r = SITE.handle(get("/downloads"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("data-url=\"/files/sample.bin\"").contains("Try a range");
  }

  @Test
  void assetsAreImmutableAndVersioned() {
    WebResponse js = SITE.handle(get(assets.url("watch.js")));
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.header("Cache-Control")).contains("immutable");
    assertThat(js.body()).isInstanceOf(WebResponse.Resource.class);
    WebResponse hls = SITE.handle(get(assets.hlsUrl()));
    assertThat(hls.status()).isEqualTo(200);
    assertThat(((WebResponse.Resource) hls.body()).length()).isGreaterThan(100_000);
    assertThat(assets.hlsUrl()).isEqualTo("/assets/hls.js/" + assets.hlsVersion() + "/hls.min.js");
    assertThat(SITE.handle(get("/assets/000000000000/watch.js")).status()).isEqualTo(404);
    assertThat(SITE.handle(get("/assets/hls.js/0.0.1/hls.min.js")).status()).isEqualTo(404);
    assertThat(SITE.handle(request("POST", assets.url("app.css"), Map.of(), Map.of())).status()).isEqualTo(405);
  }

  @Test
  void methodsAndUnknownPaths() {
    WebResponse post = SITE.handle(request("POST", "/", Map.of(), Map.of()));
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(SITE.handle(request("GET", "/signout", Map.of(), Map.of())).header("Allow")).isEqualTo("POST");
    assertThat(SITE.handle(request("HEAD", "/", Map.of(), Map.of())).status()).isEqualTo(200);
    assertThat(SITE.handle(get("/nothing/here")).status()).isEqualTo(404);
    assertThat(SITE.handle(get("/healthz")).text()).isEqualTo("ok\n");
  }

  @Test
  void theSignInFormKeepsWhereToGoNext() {
    WebResponse r = SITE.handle(get("/signin?next=%2Fwatch%2Flive%2Ftest"));
    assertThat(r.text()).contains("name=\"next\" value=\"/watch/live/test\"").contains("user alice")
        .contains("method=\"post\" action=\"/signin\"");
    assertThat(SITE.handle(get("/signin?next=https://evil.example/")).text()).contains("name=\"next\" value=\"/\"");
  }

  @Test
  void aGoodPasswordGetsSignedCookiesForTheViewersOrigin() {
    WebResponse r = SITE.handle(signIn("alice", "secret", Map.of("Origin", "http://localhost:8080",
        "Sec-Fetch-Site", "same-origin")));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/watch/live/test");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    List<String> set = r.headers("Set-Cookie");
    assertThat(set).hasSize(4).anySatisfy(c -> assertThat(c).startsWith("CloudFront-Policy="))
        .anySatisfy(c -> assertThat(c).startsWith("StreamEdge-User=alice;"))
        .allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
    assertThat(policyOf(set)).contains("\"Resource\":\"http://localhost:8080/*\"");
  }

  @Test
  void httpsViewersGetSecureCookiesAndAConfiguredBaseWins() {
    PlayerSite site = site("  publicBaseUrl: https://video.example.com\n");
    WebResponse r = site.handle(signIn("alice", "secret", Map.of("X-Forwarded-Proto", "https")));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.headers("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("; Secure"));
    assertThat(policyOf(r.headers("Set-Cookie"))).contains("\"Resource\":\"https://video.example.com/*\"");
    PlayerSite never = site("  secureCookies: 'false'\n");
    assertThat(never.handle(signIn("alice", "secret", Map.of("X-Forwarded-Proto", "https"))).headers("Set-Cookie"))
        .allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
  }

  @Test
  void wrongCredentialsGet401AndNoCookies() {
    for (WebRequest bad : List.of(signIn("alice", "wrong", Map.of()), signIn("mallory", "secret", Map.of()))) {
      WebResponse r = SITE.handle(bad);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers("Set-Cookie")).isEmpty();
      assertThat(r.text()).contains("Wrong user name or password.").contains("value=\"/watch/live/test\"");
    }
    WebResponse empty = SITE.handle(signIn("alice", "", Map.of()));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(SITE.handle(signIn("alice", "x".repeat(2000), Map.of())).status()).isEqualTo(400);
  }

  @Test
  void crossSitePostsAreRefused() {
    assertThat(SITE.handle(signIn("alice", "secret", Map.of("Origin", "https://evil.example"))).status()).isEqualTo(403);
    assertThat(SITE.handle(signIn("alice", "secret", Map.of("Sec-Fetch-Site", "cross-site"))).status()).isEqualTo(403);
    assertThat(SITE.handle(request("POST", "/signout", Map.of("Origin", "https://evil.example"), Map.of())).status())
        .isEqualTo(403);
    assertThat(SITE.handle(signIn("alice", "secret", Map.of("X-Forwarded-Host", "bad host", "Host", "bad host")))
        .status()).isEqualTo(400);
  }

  @Test
  void signOutClearsTheCookies() {
    WebResponse r = SITE.handle(request("POST", "/signout", Map.of("Origin", "http://localhost:8080"), Map.of()));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/");
    assertThat(r.headers("Set-Cookie")).hasSize(6).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "null", value = {
      "/watch/vod/sample, /watch/vod/sample", "/, /", "null, /", "'', /", "//evil.example/, /",
      "/\\evil.example, /", "https://evil.example/, /", "watch, /", "'/a b', /", "/downloads?x=1, /downloads?x=1"})
  void onlyLocalRedirectsAfterSignIn(String next, String expected) {
    assertThat(PlayerSite.safeNext(next)).isEqualTo(expected);
  }

  private static String policyOf(List<String> setCookies) {
    String c = setCookies.stream().filter(s -> s.startsWith("CloudFront-Policy=")).findFirst().orElseThrow();
    String v = c.substring("CloudFront-Policy=".length(), c.indexOf(';'));
    return new String(Base64.getDecoder().decode(v.replace('-', '+').replace('_', '=').replace('~', '/')),
        StandardCharsets.UTF_8);
  }
}
