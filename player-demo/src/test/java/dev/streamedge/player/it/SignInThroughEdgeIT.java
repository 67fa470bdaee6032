package dev.streamedge.player.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7's end-to-end check without a browser: a viewer signs in through the edge (an HTTP client with a
 * cookie jar) and fetches a master playlist, a media playlist and a segment of the subscriber-only VOD asset
 * and of the live channel with the cookies; without them, each is 403. Real edge, real packagers, real player.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
@ExtendWith(DemoSystem.Resolver.class)
class SignInThroughEdgeIT {
  private static final Duration T = Duration.ofSeconds(20);
  static DemoSystem system;
  static HttpClient anonymous;

  @BeforeAll
  static void start(DemoSystem s) {
    system = s;
    anonymous = HttpClient.newBuilder().connectTimeout(T).build();
  }

  private static HttpClient withJar(CookieManager jar) {
    return HttpClient.newBuilder().cookieHandler(jar).connectTimeout(T).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private static HttpResponse<byte[]> get(HttpClient c, URI uri) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(uri).timeout(T).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> post(HttpClient c, String path, String form)
      throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(system.url(path)).timeout(T)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String firstUri(String playlist) {
    return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
        .orElseThrow(() -> new AssertionError("no URI in playlist:\n" + playlist));
  }

  /** Master, first media playlist, its first segment: the three URLs of one HLS tree. */
  private static List<URI> tree(HttpClient c, String masterPath) throws Exception {
    URI master = system.url(masterPath);
    HttpResponse<byte[]> m = get(c, master);
    assertThat(m.statusCode()).as("%s", master).isEqualTo(200);
    assertThat(text(m)).startsWith("#EXTM3U").contains("#EXT-X-STREAM-INF");
    URI media = master.resolve(firstUri(text(m)));
    HttpResponse<byte[]> p = get(c, media);
    assertThat(p.statusCode()).as("%s", media).isEqualTo(200);
    assertThat(text(p)).contains("#EXTINF");
    URI segment = media.resolve(firstUri(text(p)));
    HttpResponse<byte[]> s = get(c, segment);
    assertThat(s.statusCode()).as("%s", segment).isEqualTo(200);
    assertThat(s.body().length).isGreaterThan(10_000);
    assertThat(s.body()[0]).as("MPEG-TS sync byte").isEqualTo((byte) 0x47);
    assertThat(s.headers().firstValue("X-Cache")).hasValueSatisfying(v -> assertThat(v).matches("(Hit|Miss|RefreshHit) from .*"));
    return List.of(master, media, segment);
  }

  private static CookieManager signedIn() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpResponse<String> r = post(withJar(jar), "/signin", "username=demo&password=streamedge&next=%2Fwatch%2Fvod%2Fpremium");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/watch/vod/premium");
    List<String> set = r.headers().allValues("Set-Cookie");
    assertThat(set).anySatisfy(c -> assertThat(c).startsWith("CloudFront-Policy=").contains("HttpOnly")
        .contains("SameSite=Lax").contains("Max-Age=43200").doesNotContain("Secure"));
    assertThat(set).anySatisfy(c -> assertThat(c).startsWith("CloudFront-Signature="));
    assertThat(set).anySatisfy(c -> assertThat(c).startsWith("CloudFront-Key-Pair-Id=K2STREAMEDGEDEMO"));
    return jar;
  }

  @Test
  void aSignedInViewerFetchesTheWholeTreeAndNobodyElseDoes() throws Exception {
    CookieManager jar = signedIn();
    HttpClient viewer = withJar(jar);
    for (String master : List.of("/vod/premium/master.m3u8", "/live/test/master.m3u8")) {
      for (URI u : tree(viewer, master)) {
        HttpResponse<byte[]> denied = get(anonymous, u);
        assertThat(denied.statusCode()).as("%s without cookies", u).isEqualTo(403);
        assertThat(text(denied)).startsWith("403 Forbidden: missing signature");
      }
    }
    // The policy names the site as the viewer reached it: one statement for the whole tree.
    HttpCookie policy = jar.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("CloudFront-Policy")).findFirst().orElseThrow();
    String json = new String(Base64.getDecoder().decode(
        policy.getValue().replace('-', '+').replace('_', '=').replace('~', '/')), StandardCharsets.UTF_8);
    assertThat(json).contains("\"Resource\":\"" + system.url().toString() + "*\"");
  }

  @Test
  void freeContentNeedsNoCookies() throws Exception {
    tree(anonymous, "/vod/sample/master.m3u8");
    HttpResponse<byte[]> page = get(anonymous, system.url("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(text(page)).contains("Subscriber test card").contains("/watch/live/test");
    HttpResponse<byte[]> range = anonymous.send(HttpRequest.newBuilder(system.url("/files/sample.bin"))
        .header("Range", "bytes=1048576-2097151").timeout(T).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).hasSize(1 << 20);
    assertThat(range.headers().firstValue("Content-Range")).contains("bytes 1048576-2097151/67108864");
  }

  @Test
  void aTamperedCookieIsRefusedAndSignOutEndsAccess() throws Exception {
    CookieManager jar = signedIn();
    HttpClient viewer = withJar(jar);
    assertThat(get(viewer, system.url("/vod/premium/master.m3u8")).statusCode()).isEqualTo(200);

    String cookies = String.join("; ", jar.getCookieStore().getCookies().stream()
        .map(c -> c.getName() + "=" + (c.getName().equals("CloudFront-Signature") ? flip(c.getValue()) : c.getValue()))
        .toList());
    HttpResponse<byte[]> tampered = get(anonymous, system.url("/vod/premium/master.m3u8"), cookies);
    assertThat(tampered.statusCode()).isEqualTo(403);
    assertThat(text(tampered)).startsWith("403 Forbidden: bad signature");

    HttpResponse<String> out = post(viewer, "/signout", "");
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(jar.getCookieStore().getCookies()).noneMatch(c -> c.getName().startsWith("CloudFront-"));
    assertThat(get(viewer, system.url("/vod/premium/master.m3u8")).statusCode()).isEqualTo(403);
  }

  @Test
  void aWrongPasswordSetsNoCookie() throws Exception {
    CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpResponse<String> r = post(withJar(jar), "/signin", "username=demo&password=guess&next=%2F");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong user name or password.");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(jar.getCookieStore().getCookies()).isEmpty();
  }

  private static HttpResponse<byte[]> get(HttpClient c, URI uri, String cookie) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(uri).header("Cookie", cookie).timeout(T).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String flip(String s) {
    int i = s.length() / 2;
    return s.substring(0, i) + (s.charAt(i) == 'A' ? 'B' : 'A') + s.substring(i + 1);
  }
}
