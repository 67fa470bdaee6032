package dev.streamedge.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.CustomPolicy;
import dev.streamedge.edge.auth.PemKeys;
import dev.streamedge.edge.auth.SignedCookies;
import dev.streamedge.testkit.Await;
import dev.streamedge.testkit.TestOrigin;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed cookies and URLs verified at the edge, over real sockets, with keys rotated on disk. */
class SignedAccessIT {
  @TempDir
  static Path dir;

  static TestOrigin origin;
  static EdgeHarness edge;
  static KeyPair key;
  static CloudFrontSigner signer;
  static final String BASE = "https://video.example.com";

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
    Files.writeString(dir.resolve("subscribers.pub.pem"), PemKeys.toPem(key.getPublic()));
    signer = CloudFrontSigner.of("K2SUBSCRIBERS", key.getPrivate());
    origin = TestOrigin.start()
        .route("/vod/a/master.m3u8", s -> TestOrigin.Reply.text(200, "#EXTM3U\n"))
        .route("/vod/a/720p/index.m3u8", s -> TestOrigin.Reply.text(200, "#EXTM3U\n#EXTINF:4,\n0.ts\n"))
        .route("/free/a.txt", s -> TestOrigin.Reply.text(200, "free\n"));
    edge = EdgeHarness.start(dir, "  keyReloadInterval: 200ms\n",
        "  publicBaseUrl: " + BASE + "\n"
            + "  keyGroups:\n"
            + "    - { id: subscribers, publicKeys: [ { id: K2SUBSCRIBERS, pemFile: subscribers.pub.pem } ] }\n"
            + EdgeHarness.oneOrigin(origin.url())
            + "  cacheBehaviors:\n"
            + "    - { pathPattern: \"/vod/*\", targetOriginId: o, trustedKeyGroups: [subscribers] }\n");
  }

  @AfterAll
  static void stop() {
    edge.close();
    origin.close();
  }

  private static String cookies(CloudFrontSigner s, String resource, Instant expires) {
    SignedCookies c = s.signedCookies(CustomPolicy.of(resource, expires));
    return c.cookieHeader();
  }

  @Test
  void oneCookieSetAuthorizesTheWholeTree() throws Exception {
    String cookie = cookies(signer, BASE + "/vod/*", Instant.now().plusSeconds(600)) + "; theme=dark";
    assertThat(edge.get("/vod/a/master.m3u8", "Cookie", cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> media = edge.get("/vod/a/720p/index.m3u8", "Cookie", cookie);
    assertThat(media.statusCode()).isEqualTo(200);
    assertThat(media.body()).contains("#EXTINF");
    assertThat(edge.get("/vod/a/720p/0.ts?x=1", "Cookie", cookie).statusCode()).isEqualTo(404); // reached the origin
    // The origin never sees the viewer's credentials; other cookies pass.
    TestOrigin.Seen seen = origin.requests().stream()
        .filter(s -> s.uri().equals("/vod/a/master.m3u8")).findFirst().orElseThrow();
    assertThat(seen.header("Cookie")).isEqualTo("theme=dark");
  }

  @Test
  void withoutCookiesIs403WithAReason() throws Exception {
    HttpResponse<String> r = edge.get("/vod/a/master.m3u8");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).startsWith("403 Forbidden: ").doesNotContain("Exception");
    assertThat(edge.get("/free/a.txt").statusCode()).isEqualTo(200);
  }

  @Test
  void expiredWrongResourceAndTamperedAreRefused() throws Exception {
    String expired = cookies(signer, BASE + "/vod/*", Instant.now().minusSeconds(5));
    assertThat(edge.get("/vod/a/master.m3u8", "Cookie", expired).body()).containsIgnoringCase("expired");
    String other = cookies(signer, BASE + "/live/*", Instant.now().plusSeconds(600));
    assertThat(edge.get("/vod/a/master.m3u8", "Cookie", other).statusCode()).isEqualTo(403);
    String good = cookies(signer, BASE + "/vod/*", Instant.now().plusSeconds(600));
    int i = good.indexOf("CloudFront-Signature=") + "CloudFront-Signature=".length() + 5;
    char c = good.charAt(i);
    String tampered = good.substring(0, i) + (c == 'A' ? 'B' : 'A') + good.substring(i + 1);
    assertThat(edge.get("/vod/a/master.m3u8", "Cookie", tampered).statusCode()).isEqualTo(403);
  }

  @Test
  void signedUrlsWorkAndTheirParametersNeverReachTheOrigin() throws Exception {
    String url = signer.signedUrl(BASE + "/vod/a/master.m3u8?lang=en", Instant.now().plusSeconds(600));
    String pathAndQuery = url.substring(BASE.length());
    HttpResponse<String> r = edge.get(pathAndQuery);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(origin.requests()).anySatisfy(s -> assertThat(s.uri()).isEqualTo("/vod/a/master.m3u8?lang=en"));
    assertThat(origin.uris()).noneMatch(u -> u.contains("Signature") || u.contains("Key-Pair-Id"));
  }

  @Test
  void aRotatedKeyIsPickedUpWithoutARestart() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair next = g.generateKeyPair();
    CloudFrontSigner nextSigner = CloudFrontSigner.of("K2SUBSCRIBERS", next.getPrivate());
    String cookie = cookies(nextSigner, BASE + "/vod/*", Instant.now().plusSeconds(600));
    assertThat(edge.get("/vod/a/master.m3u8", "Cookie", cookie).statusCode()).isEqualTo(403);
    Path pem = dir.resolve("subscribers.pub.pem");
    Path tmp = dir.resolve("subscribers.pub.pem.tmp");
    Files.writeString(tmp, PemKeys.toPem(next.getPublic()));
    Files.move(tmp, pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    try {
      Await.until(Duration.ofSeconds(30), () -> {
        try {
          return edge.get("/vod/a/master.m3u8", "Cookie", cookie).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      }, "the edge to reload the rotated key");
    } finally {
      Files.writeString(tmp, PemKeys.toPem(key.getPublic()));
      Files.move(tmp, pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Await.until(Duration.ofSeconds(30), () -> {
        try {
          return edge.get("/vod/a/master.m3u8", "Cookie",
              cookies(signer, BASE + "/vod/*", Instant.now().plusSeconds(600))).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      }, "the original key back");
    }
  }
}
