package dev.streamedge.player.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The site's scripts and styles and hls.js, served from the jar under URLs that change when their bytes do,
 * so the edge and browsers may keep them for a year ({@code immutable}):
 *
 * <ul>
 *   <li>{@code /assets/<digest>/app.css} and the app's scripts, {@code <digest>} a hash of all of them;
 *   <li>{@code /assets/hls.js/<version>/hls.min.js} from the {@code org.webjars.npm:hls.js} WebJar, whose
 *       version is read from the WebJar itself (pinned in the parent pom); nothing is fetched from a CDN.
 * </ul>
 */
public final class StaticAssets {
  static final List<String> APP_FILES = List.of("app.css", "site.js", "watch.js", "downloads.js");
  private static final String APP_DIR = "dev/streamedge/player/web/assets/";
  private static final String HLS_POM = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final ClassLoader loader;
  private final String digest;
  private final String hlsVersion;
  private final Map<String, Asset> byPath;

  private record Asset(String resource, String contentType, long length) {}

  private StaticAssets(ClassLoader loader, String digest, String hlsVersion, Map<String, Asset> byPath) {
    this.loader = loader;
    this.digest = digest;
    this.hlsVersion = hlsVersion;
    this.byPath = byPath;
  }

  /**
   * Finds every asset on the class path of {@code loader}.
   *
   * @throws IllegalStateException when one is missing (a broken build, not a user error)
   */
  public static StaticAssets load(ClassLoader loader) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Long> lengths = new LinkedHashMap<>();
    for (String f : APP_FILES) {
      lengths.put(f, digestInto(loader, APP_DIR + f, sha));
    }
    String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    String version = hlsVersion(loader);
    Map<String, Asset> byPath = new LinkedHashMap<>();
    for (String f : APP_FILES) {
      byPath.put("/assets/" + digest + "/" + f, new Asset(APP_DIR + f, contentType(f), lengths.get(f)));
    }
    String hls = "META-INF/resources/webjars/hls.js/" + version + "/dist/hls.min.js";
    byPath.put("/assets/hls.js/" + version + "/hls.min.js", new Asset(hls, contentType(hls), length(loader, hls)));
    return new StaticAssets(loader, digest, version, byPath);
  }

  /** The URL of one of the app's own files, e.g. {@code url("watch.js")}. */
  public String url(String file) {
    if (!APP_FILES.contains(file)) {
      throw new IllegalArgumentException("no asset " + file);
    }
    return "/assets/" + digest + "/" + file;
  }

  public String hlsUrl() {
    return "/assets/hls.js/" + hlsVersion + "/hls.min.js";
  }

  public String hlsVersion() {
    return hlsVersion;
  }

  /** The response for {@code path}, if it names an asset. */
  Optional<WebResponse> answer(String path) {
    Asset a = byPath.get(path);
    if (a == null) {
      return Optional.empty();
    }
    return Optional.of(new WebResponse(200, List.of(
        Map.entry("Content-Type", a.contentType()),
        Map.entry("Cache-Control", IMMUTABLE),
        Map.entry("X-Content-Type-Options", "nosniff")),
        new WebResponse.Resource(a.resource(), a.length())));
  }

  /** Opens a resource this class named in a {@link WebResponse.Resource}. */
  public InputStream open(String resource) throws IOException {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("resource vanished: " + resource);
    }
    return in;
  }

  private static String hlsVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(HLS_POM)) {
      if (in == null) {
        throw new IllegalStateException("hls.js WebJar not on the class path (" + HLS_POM + ")");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      if (v == null || !v.matches("[0-9A-Za-z.-]+")) {
        throw new IllegalStateException("hls.js WebJar has no usable version in " + HLS_POM);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long digestInto(ClassLoader loader, String resource, MessageDigest sha) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("asset missing from the jar: " + resource);
      }
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long length(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("asset missing from the class path: " + resource);
      }
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return "application/octet-stream";
  }
}
