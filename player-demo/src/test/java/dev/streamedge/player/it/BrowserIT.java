package dev.streamedge.player.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo in a real browser: Debian's headless Chromium, driven through the system chromedriver (Selenium
 * is given both executables, so Selenium Manager never runs and nothing is downloaded), against the real
 * edge, two packagers and the player app on free ports. A visitor without a subscription gets the message,
 * a free video plays, a subscriber signs in and watches the subscriber-only VOD asset and the live channel:
 * {@code video.currentTime} advances by 8 s with no fatal hls.js error. Screenshots of the watch page go to
 * {@code target/screenshots/} (and to {@code -Dstreamedge.screenshots=DIR} when set, e.g. {@code ../docs/img}).
 *
 * <p>Other browsers' paths: {@code -Dstreamedge.chromium=...}, {@code -Dstreamedge.chromedriver=...}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(DemoSystem.Resolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
  private static final Duration PLAY = Duration.ofSeconds(90);
  private static final Duration SHORT = Duration.ofSeconds(30);
  /** What the watch page exposes, read in one round trip. */
  private static final String STATE_SCRIPT = "var s = window.streamedge; if (!s) { return null; }"
      + "var v = document.getElementById('video');"
      + "return { state: s.state, currentTime: v.currentTime, played: s.played, playingFrom: s.playingFrom,"
      + " paused: v.paused, fatal: s.fatal ? JSON.stringify(s.fatal) : null, live: s.live, latency: s.latency,"
      + " browserCache: s.browserCache,"
      + " deniedStatus: s.deniedStatus, deniedReason: s.deniedReason, hits: s.hits, misses: s.misses,"
      + " bytes: s.bytes, segments: s.requests.filter(function (r) { return r.type === 'segment'; }).length,"
      + " cached: s.requests.filter(function (r) { return r.type === 'segment' && /from/.test(r.xCache); }).length,"
      + " levels: s.levels.length, errors: JSON.stringify(s.errors.slice(-5)) };";

  /** Quiets Selenium's notice that it has no CDP bindings for this Chromium (CDP is not used here). */
  private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

  static {
    SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  @TempDir
  static Path profile;

  static DemoSystem system;
  static ChromeDriverService service;
  static ChromeDriver driver;
  static Map<String, Object> last;

  @BeforeAll
  static void start(DemoSystem s) throws IOException {
    system = s;
    File chromium = executable("streamedge.chromium", "/usr/bin/chromium");
    File chromedriver = executable("streamedge.chromedriver", "/usr/bin/chromedriver");
    System.setProperty("webdriver.chrome.driver", chromedriver.getPath());
    service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1440,900",
        "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage");
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(SHORT).scriptTimeout(SHORT);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
  }

  private static File executable(String property, String fallback) {
    File f = new File(System.getProperty(property, fallback));
    if (!f.canExecute()) {
      throw new IllegalStateException(f + " not found: install Debian's chromium and chromium-driver "
          + "(apt-get install chromium chromium-driver) or set -D" + property);
    }
    return f;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> state() {
    Object o = ((JavascriptExecutor) driver).executeScript(STATE_SCRIPT);
    last = (Map<String, Object>) o;
    return last;
  }

  private static void awaitState(Duration timeout, Predicate<Map<String, Object>> condition, String what) {
    last = null;
    try {
      Await.until(timeout, () -> {
        Map<String, Object> s = state();
        return s != null && condition.test(s);
      }, what);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last page state: " + last, e);
    }
  }

  /** Whether an element is shown; false while the page it was on is being replaced. */
  private static boolean displayed(By by) {
    try {
      return driver.findElement(by).isDisplayed();
    } catch (org.openqa.selenium.WebDriverException e) {
      return false;
    }
  }

  private static double number(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static void open(String path) {
    driver.get(system.url(path).toString());
  }

  private static void signOutByForgettingCookies() {
    open("/");
    driver.manage().deleteAllCookies();
  }

  /** Plays until {@code currentTime} has advanced by 8 s since playback started, with no fatal error. */
  private static Map<String, Object> playsEightSeconds(String what) {
    awaitState(PLAY, s -> s.get("fatal") != null || number(s, "played") >= 8 && number(s, "currentTime") >= 8,
        what + " to play 8 s");
    Map<String, Object> s = last;
    assertThat(s.get("fatal")).as("fatal hls.js error; state %s", s).isNull();
    assertThat(s.get("state")).isEqualTo("playing");
    assertThat(number(s, "segments")).as("segments loaded").isGreaterThanOrEqualTo(2);
    assertThat(number(s, "cached")).as("segments with the edge's X-Cache").isGreaterThanOrEqualTo(2);
    assertThat(number(s, "hits") + number(s, "misses")).isGreaterThan(0);
    return s;
  }

  /** Fetches a whole VOD tree through the edge with this browser's cookies, as a second viewer would. */
  private static void anotherViewerWatches(String masterPath) throws IOException {
    String cookie = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
        .collect(java.util.stream.Collectors.joining("; "));
    HttpClient http = HttpClient.newBuilder().connectTimeout(SHORT).build();
    try {
      URI master = system.url(masterPath);
      for (URI media : uris(http, master, cookie)) {
        for (URI segment : uris(http, media, cookie)) {
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(segment).header("Cookie", cookie).timeout(SHORT).build(),
              HttpResponse.BodyHandlers.discarding());
          assertThat(r.statusCode()).as("%s", segment).isEqualTo(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The URIs a playlist lists, resolved against it. */
  private static List<URI> uris(HttpClient http, URI playlist, String cookie) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(playlist).header("Cookie", cookie).timeout(SHORT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s", playlist).isEqualTo(200);
    return r.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(playlist::resolve).toList();
  }

  private static void screenshot(String name) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path dir = Path.of("target/screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), png);
    String extra = System.getProperty("streamedge.screenshots");
    if (extra != null && !extra.isBlank()) {
      Files.createDirectories(Path.of(extra));
      Files.write(Path.of(extra).resolve(name), png);
    }
  }

  @Test
  @Order(1)
  void aVisitorWithoutSubscriptionIsToldSo() throws IOException {
    signOutByForgettingCookies();
    for (String page : new String[] {"/watch/live/test", "/watch/vod/premium"}) {
      open(page);
      awaitState(SHORT, s -> "denied".equals(s.get("state")) || s.get("fatal") != null && !"denied".equals(s.get("state")),
          page + " to be refused");
      assertThat(last.get("state")).as("%s: %s", page, last).isEqualTo("denied");
      assertThat(number(last, "deniedStatus")).isEqualTo(403);
      assertThat(String.valueOf(last.get("deniedReason"))).startsWith("403 Forbidden: missing signature");
      WebElement message = driver.findElement(By.id("denied"));
      assertThat(message.isDisplayed()).isTrue();
      assertThat(message.getText()).contains("This video is for subscribers").contains("Sign in");
      assertThat(driver.findElement(By.id("signed-out")).isDisplayed()).isTrue();
    }
    screenshot("watch-denied.png");
  }

  @Test
  @Order(2)
  void theCatalogAndDownloadsComeThroughTheEdge() throws IOException {
    signOutByForgettingCookies();
    open("/");
    assertThat(driver.findElements(By.cssSelector("a.card"))).hasSize(3);
    screenshot("catalog.png");
    open("/downloads");
    Await.until(SHORT, () -> driver.findElement(By.cssSelector("tr[data-url='/files/sample.bin'] .size")).getText()
        .equals("64.0 MiB"), "the size of sample.bin from the edge");
    driver.findElement(By.cssSelector("tr[data-url='/files/sample.bin'] button.range")).click();
    Await.until(SHORT, () -> driver.findElement(By.cssSelector("tr[data-url='/files/sample.bin'] .range-result"))
        .getText().startsWith("206 bytes 0-1048575/67108864"), "a range through the edge");
    screenshot("downloads.png");
  }

  @Test
  @Order(3)
  void aFreeVideoPlaysWithoutSigningIn() {
    signOutByForgettingCookies();
    open("/watch/vod/sample");
    awaitState(PLAY, s -> s.get("fatal") != null || number(s, "played") >= 2, "the free video to play");
    assertThat(last.get("fatal")).as("%s", last).isNull();
    assertThat(number(last, "levels")).as("ABR levels").isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(4)
  void aSubscriberSignsInAndWatchesVodAndLive() throws IOException {
    signOutByForgettingCookies();
    open("/");
    driver.findElement(By.id("signed-out")).click();
    Await.until(SHORT, () -> driver.getCurrentUrl().contains("/signin"), "the sign-in page");
    screenshot("signin.png");
    driver.findElement(By.id("username")).sendKeys("demo");
    driver.findElement(By.id("password")).sendKeys("streamedge");
    driver.findElement(By.id("signin-submit")).click();
    Await.until(SHORT, () -> driver.getCurrentUrl().equals(system.url("/").toString()) && displayed(By.id("user")),
        "back on the catalog, signed in");
    assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("demo");
    assertThat(driver.manage().getCookieNamed("CloudFront-Signature").isHttpOnly()).isTrue();

    anotherViewerWatches("/vod/premium/master.m3u8");
    open("/watch/vod/premium");
    Map<String, Object> vod = playsEightSeconds("the subscriber-only VOD asset");
    // Another viewer had just watched it, so the edge answers from its cache, and the panel says so.
    assertThat(number(vod, "hits")).as("edge cache hits; state %s", vod).isGreaterThanOrEqualTo(3);
    screenshot("watch-vod.png");

    open("/watch/live/test");
    Map<String, Object> live = playsEightSeconds("the live channel");
    assertThat(live.get("live")).isEqualTo(Boolean.TRUE);
    Await.until(SHORT, () -> number(state(), "latency") > 0, "the live latency");
    assertThat(driver.findElement(By.id("live")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("latency")).getText()).contains("behind the live edge");
    screenshot("watch-live.png");

    driver.findElement(By.id("signout")).click();
    Await.until(SHORT, () -> driver.getCurrentUrl().equals(system.url("/").toString()) && displayed(By.id("signed-out")),
        "signed out, on the catalog");
    open("/watch/live/test");
    awaitState(SHORT, s -> "denied".equals(s.get("state")), "the live channel to be refused after sign-out");
  }
}
