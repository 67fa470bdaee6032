package dev.streamedge.player.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.streamedge.edge.auth.HashAlgorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code player:} YAML into a {@link PlayerConfig}. Unknown keys are errors; relative paths resolve
 * against the config file's directory; every error names the key.
 */
public final class PlayerConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern HOST_PORT = Pattern.compile("(.*):(\\d{1,5})");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern FILE_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  private static final Pattern KEY_PAIR_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  static final Duration MIN_SESSION = Duration.ofMinutes(1);
  static final Duration MAX_SESSION = Duration.ofDays(30);

  private final Path baseDir;

  private PlayerConfigLoader(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** Loads and validates {@code file}. */
  public static PlayerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new PlayerConfigException("", "config file not found: " + file);
    } catch (IOException e) {
      throw new PlayerConfigException("", "cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(text, file.toAbsolutePath().getParent());
  }

  /** Parses YAML text; relative paths resolve against {@code baseDir}. */
  public static PlayerConfig parse(String yaml, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new PlayerConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PlayerConfigException("", "the config file must be a mapping with a 'player' key");
    }
    YamlNode top = new YamlNode(root, "");
    PlayerConfig config = new PlayerConfigLoader(baseDir.toAbsolutePath()).read(top.object("player"));
    top.rejectUnknown();
    return config;
  }

  private PlayerConfig read(YamlNode n) {
    InetSocketAddress listen = hostPort(n, "listen", "127.0.0.1:9100");
    Optional<URI> publicBase = n.has("publicBaseUrl") ? Optional.of(baseUrl(n, "publicBaseUrl")) : Optional.empty();
    Path users = path(n, "usersFile");
    Duration session = duration(n, "sessionLength", Duration.ofHours(12));
    if (session.compareTo(MIN_SESSION) < 0 || session.compareTo(MAX_SESSION) > 0) {
      throw new PlayerConfigException(n.childPath("sessionLength"), "expected 1m..30d, got " + session);
    }
    SecureCookies secure = SecureCookies.parse(n.childPath("secureCookies"), n.string("secureCookies", "auto"));
    PlayerConfig.Signing signing = signing(n.object("signing"));
    List<CatalogEntry> catalog = catalog(n);
    Optional<String> hint = Optional.ofNullable(n.string("signInHint", null));
    int workers = (int) n.integer("workerThreads", 4, 1, 64);
    n.rejectUnknown();
    return new PlayerConfig(listen, publicBase, users, session, secure, signing, catalog, hint, workers);
  }

  private PlayerConfig.Signing signing(YamlNode s) {
    String keyPairId = s.string("keyPairId");
    if (!KEY_PAIR_ID.matcher(keyPairId).matches()) {
      throw new PlayerConfigException(s.childPath("keyPairId"),
          "use 1-128 of A-Z a-z 0-9 - _ (the id the edge's key group lists), got '" + keyPairId + "'");
    }
    Path key = path(s, "privateKeyFile");
    String resource = s.string("resource", "/*");
    if (!resource.startsWith("/")) {
      throw new PlayerConfigException(s.childPath("resource"),
          "expected a path pattern under publicBaseUrl starting with '/', such as /* or /vod/*, got '" + resource + "'");
    }
    for (int i = 0; i < resource.length(); i++) {
      char c = resource.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        throw new PlayerConfigException(s.childPath("resource"), "has a character a policy cannot carry: '" + resource + "'");
      }
    }
    String hashName = s.string("hashAlgorithm", "SHA256");
    HashAlgorithm hash = HashAlgorithm.fromWire(hashName);
    if (hash == null) {
      throw new PlayerConfigException(s.childPath("hashAlgorithm"), "expected SHA1 or SHA256, got '" + hashName + "'");
    }
    s.rejectUnknown();
    return new PlayerConfig.Signing(keyPairId, key, resource, hash);
  }

  private static List<CatalogEntry> catalog(YamlNode n) {
    List<CatalogEntry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (YamlNode e : n.objects("catalog")) {
      String type = e.string("type");
      CatalogEntry.Kind kind = switch (type) {
        case "vod" -> CatalogEntry.Kind.VOD;
        case "live" -> CatalogEntry.Kind.LIVE;
        case "file" -> CatalogEntry.Kind.FILE;
        default -> throw new PlayerConfigException(e.childPath("type"), "expected vod, live or file, got '" + type + "'");
      };
      String id;
      if (kind == CatalogEntry.Kind.FILE) {
        id = e.string("path");
        checkFilePath(e.childPath("path"), id);
      } else {
        id = e.string("id");
        if (!NAME.matcher(id).matches()) {
          throw new PlayerConfigException(e.childPath("id"),
              "use 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit, got '" + id + "'");
        }
      }
      if (!seen.add(type + "/" + id)) {
        throw new PlayerConfigException(e.path(), "duplicate " + type + " '" + id + "'");
      }
      String title = e.string("title", id);
      String description = e.has("description") ? e.string("description") : "";
      boolean subscribers = e.bool("subscribersOnly", false);
      e.rejectUnknown();
      out.add(new CatalogEntry(kind, id, title, description, subscribers));
    }
    return out;
  }

  private static void checkFilePath(String key, String path) {
    for (String segment : path.split("/", -1)) {
      if (!FILE_SEGMENT.matcher(segment).matches()) {
        throw new PlayerConfigException(key,
            "expected a path under /files/ made of A-Z a-z 0-9 . _ - segments (no '..', no leading '/'), got '" + path + "'");
      }
    }
  }

  private Path path(YamlNode n, String key) {
    return baseDir.resolve(n.string(key)).normalize();
  }

  static InetSocketAddress hostPort(YamlNode n, String key, String fallback) {
    String text = n.string(key, fallback);
    Matcher m = HOST_PORT.matcher(text);
    if (!m.matches()) {
      throw new PlayerConfigException(n.childPath(key), "expected host:port such as 127.0.0.1:9100, got '" + text + "'");
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65535) {
      throw new PlayerConfigException(n.childPath(key), "port " + port + " is above 65535");
    }
    String host = m.group(1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  private static URI baseUrl(YamlNode n, String key) {
    String text = n.string(key);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new PlayerConfigException(n.childPath(key), "not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new PlayerConfigException(n.childPath(key), "expected http(s)://host[:port], got '" + text + "'");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new PlayerConfigException(n.childPath(key),
          "must be scheme://host[:port] without a path (the edge's distribution.publicBaseUrl), got '" + text + "'");
    }
    return URI.create(scheme + "://" + uri.getRawAuthority());
  }

  static Duration duration(YamlNode n, String key, Duration fallback) {
    String text = n.string(key, null);
    if (text == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new PlayerConfigException(n.childPath(key), "expected a duration such as 90s, 30m, 12h or 7d, got '" + text + "'");
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      default -> Duration.ofDays(v);
    };
  }
}
