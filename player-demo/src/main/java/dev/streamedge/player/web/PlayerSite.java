package dev.streamedge.player.web;

import dev.streamedge.player.account.UserDirectory;
import dev.streamedge.player.config.CatalogEntry;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.session.PublicOrigin;
import dev.streamedge.player.session.SignInCookies;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player site's routes, in one table:
 *
 * <pre>
 * GET  /                      catalog of videos and downloads
 * GET  /watch/{vod|live}/{id} watch page (hls.js)
 * GET  /downloads             large files, sizes read from the edge
 * GET  /signin                sign-in form
 * POST /signin                check the password, set the signed cookies, 303 to next
 * POST /signout               clear the cookies, 303 to /
 * GET  /assets/...            scripts, styles, hls.js (immutable)
 * GET  /healthz               ok
 * </pre>
 *
 * The sign-in and sign-out refuse a cross-site form post ({@code Origin} or {@code Sec-Fetch-Site} naming
 * another site). Passwords are hashed on a bounded number of threads at once, so a flood of sign-ins
 * cannot take every core; above that the answer is 503.
 */
public final class PlayerSite {
  private static final Logger log = LoggerFactory.getLogger(PlayerSite.class);
  private static final Pattern WATCH = Pattern.compile("/watch/(vod|live)/([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
  private static final int MAX_PASSWORD = 1024;
  private static final List<Map.Entry<String, String>> GET_ONLY = List.of(Map.entry("Allow", "GET, HEAD"));

  private final PlayerConfig config;
  private final StaticAssets assets;
  private final Pages pages;
  private final UserDirectory users;
  private final SignInCookies cookies;
  private final Semaphore hashing;

  /**
   * @param signInHint text under the sign-in form (the demo's user and password), or null
   * @param concurrentHashes how many password checks may run at once
   */
  public PlayerSite(PlayerConfig config, StaticAssets assets, UserDirectory users, SignInCookies cookies,
      String signInHint, int concurrentHashes) {
    this.config = Objects.requireNonNull(config, "config");
    this.assets = Objects.requireNonNull(assets, "assets");
    this.users = Objects.requireNonNull(users, "users");
    this.cookies = Objects.requireNonNull(cookies, "cookies");
    this.pages = new Pages(assets, signInHint);
    this.hashing = new Semaphore(Math.max(1, concurrentHashes));
  }

  public StaticAssets assets() {
    return assets;
  }

  /** The answer to {@code r}; never throws for bad input. */
  public WebResponse handle(WebRequest r) {
    String path = r.path();
    boolean read = r.method().equals("GET") || r.isHead();
    if (path.startsWith("/assets/")) {
      if (!read) {
        return WebResponse.text(405, "405 Method Not Allowed", GET_ONLY);
      }
      return assets.answer(path).orElseGet(() -> WebResponse.text(404, "404 Not Found: no such asset"));
    }
    switch (path) {
      case "/", "/index.html":
        return read ? WebResponse.page(200, pages.catalog(videos(), config.entries(CatalogEntry.Kind.FILE)))
            : notAllowed();
      case "/downloads":
        return read ? WebResponse.page(200, pages.downloads(config.entries(CatalogEntry.Kind.FILE))) : notAllowed();
      case "/healthz":
        return read ? WebResponse.text(200, "ok") : notAllowed();
      case "/signin":
        if (read) {
          return WebResponse.page(200, pages.signIn(safeNext(r.query().get("next")), null, null));
        }
        return r.method().equals("POST") ? signIn(r) : methodNotAllowed("GET, HEAD, POST");
      case "/signout":
        return r.method().equals("POST") ? signOut(r) : methodNotAllowed("POST");
      default:
        break;
    }
    Matcher m = WATCH.matcher(path);
    if (m.matches()) {
      if (!read) {
        return notAllowed();
      }
      CatalogEntry.Kind kind = m.group(1).equals("vod") ? CatalogEntry.Kind.VOD : CatalogEntry.Kind.LIVE;
      Optional<CatalogEntry> e = config.entry(kind, m.group(2));
      if (e.isPresent()) {
        return WebResponse.page(200, pages.watch(e.get()));
      }
      return WebResponse.page(404, pages.notFound("There is no " + (kind == CatalogEntry.Kind.VOD ? "video" : "channel")
          + " called " + m.group(2) + " in the catalog."));
    }
    return WebResponse.page(404, pages.notFound("Nothing lives at " + path + "."));
  }

  private List<CatalogEntry> videos() {
    return config.catalog().stream().filter(e -> e.kind() != CatalogEntry.Kind.FILE).toList();
  }

  private WebResponse signIn(WebRequest r) {
    Optional<PublicOrigin> origin = requestOrigin(r);
    if (origin.isEmpty()) {
      return WebResponse.text(400, "400 Bad Request: no usable Host");
    }
    if (crossSite(r, origin.get())) {
      log.info("sign-in refused: cross-site post (Origin {}, Sec-Fetch-Site {})", r.header("Origin"),
          r.header("Sec-Fetch-Site"));
      return WebResponse.text(403, "403 Forbidden: cross-site sign-in refused");
    }
    String next = safeNext(r.form().get("next"));
    String user = r.form().getOrDefault("username", "").strip();
    String password = r.form().getOrDefault("password", "");
    if (user.isEmpty() || password.isEmpty()) {
      return WebResponse.page(400, pages.signIn(next, "Enter a user name and a password.", user));
    }
    if (password.length() > MAX_PASSWORD || user.length() > 64) {
      return WebResponse.page(400, pages.signIn(next, "That user name or password is too long.", null));
    }
    boolean ok;
    char[] secret = password.toCharArray();
    try {
      if (!hashing.tryAcquire(10, TimeUnit.SECONDS)) {
        return WebResponse.text(503, "503 Service Unavailable: too many sign-ins at once, try again",
            List.of(Map.entry("Retry-After", "5")));
      }
      try {
        ok = users.verify(user, secret);
      } finally {
        hashing.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return WebResponse.text(503, "503 Service Unavailable: shutting down");
    } finally {
      Arrays.fill(secret, '\0');
    }
    String client = clientIp(r);
    if (!ok) {
      log.info("sign-in failed for '{}' from {}", UserDirectory.isValidName(user) ? user : "(invalid name)", client);
      return WebResponse.page(401, pages.signIn(next, "Wrong user name or password.", user));
    }
    PublicOrigin signed = config.publicBaseUrl().map(PublicOrigin::of).orElse(origin.get());
    boolean secure = secure(origin.get());
    log.info("signed in '{}' from {}: cookies for {}{} for {}", user, client, signed.url(),
        config.signing().resource(), config.sessionLength());
    return WebResponse.seeOther(next, cookies.signIn(user, signed, secure));
  }

  private WebResponse signOut(WebRequest r) {
    Optional<PublicOrigin> origin = requestOrigin(r);
    if (origin.isEmpty()) {
      return WebResponse.text(400, "400 Bad Request: no usable Host");
    }
    if (crossSite(r, origin.get())) {
      return WebResponse.text(403, "403 Forbidden: cross-site sign-out refused");
    }
    return WebResponse.seeOther(safeNext(r.form().get("next")), cookies.signOut(secure(origin.get())));
  }

  private boolean secure(PublicOrigin viewer) {
    boolean baseHttps = config.publicBaseUrl().map(u -> u.getScheme().equalsIgnoreCase("https")).orElse(false);
    return config.secureCookies().secure(viewer.https(), baseHttps);
  }

  private static Optional<PublicOrigin> requestOrigin(WebRequest r) {
    return PublicOrigin.ofRequest(r.header("X-Forwarded-Proto"), r.header("X-Forwarded-Host"), r.header("Host"));
  }

  /** A form post from another site: the browser says so in {@code Sec-Fetch-Site} or {@code Origin}. */
  static boolean crossSite(WebRequest r, PublicOrigin self) {
    String site = r.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = r.header("Origin");
    return origin != null && !origin.equalsIgnoreCase(self.url());
  }

  /** Where to go after a sign-in: a path on this site only (no {@code //host}, no scheme), else {@code /}. */
  static String safeNext(String next) {
    if (next == null || next.isEmpty() || next.length() > 512 || !next.startsWith("/") || next.startsWith("//")
        || next.startsWith("/\\")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '\\') {
        return "/";
      }
    }
    return next;
  }

  private static String clientIp(WebRequest r) {
    String xff = r.header("X-Forwarded-For");
    if (xff == null) {
      return "direct";
    }
    int comma = xff.lastIndexOf(',');
    return (comma < 0 ? xff : xff.substring(comma + 1)).strip();
  }

  private static WebResponse notAllowed() {
    return methodNotAllowed("GET, HEAD");
  }

  private static WebResponse methodNotAllowed(String allow) {
    return WebResponse.text(405, "405 Method Not Allowed", List.of(Map.entry("Allow", allow)));
  }
}
