package dev.streamedge.packager.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Binds the YAML tree to {@link PackagerConfig} by hand rather than by Jackson's data binding, so that
 * every error names the exact key ({@code packager.live[0].dvrWindow: ...}) and unknown keys (typos)
 * fail start-up instead of being ignored.
 */
final class ConfigReader {
  private static final Set<String> PACKAGER_KEYS =
      Set.of(
          "name", "listen", "mediaDir", "workDir", "filesDir", "segmentDuration", "container",
          "renditions", "assets", "live", "liveEpoch", "livePublishDelay", "ioThreads", "workerThreads",
          "transcodeThreads", "idleTimeout", "maxRanges", "zeroCopy", "filesMaxAge", "shutdownGrace",
          "mediaScanInterval");
  private static final Set<String> RENDITION_KEYS = Set.of("name", "height", "videoBitrate", "audioBitrate");
  private static final Set<String> ASSET_KEYS = Set.of("name", "container");
  private static final Set<String> LIVE_KEYS =
      Set.of("name", "source", "window", "dvrWindow", "videoBitrate", "audioBitrate", "renditions", "frameRate");

  private ConfigReader() {}

  static PackagerConfig read(Path yamlFile) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(yamlFile));
    } catch (NoSuchFileException e) {
      throw new ConfigException("config", "file not found: " + yamlFile);
    } catch (JacksonException e) {
      throw new ConfigException("config", "not valid YAML in " + yamlFile + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + yamlFile + ": " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.has("packager")) {
      throw new ConfigException("packager", "missing: the file must have a top-level 'packager:' section");
    }
    Path base = yamlFile.toAbsolutePath().getParent();
    return bind(root.get("packager"), base);
  }

  static PackagerConfig bind(JsonNode node, Path base) {
    String k = "packager";
    object(k, node, PACKAGER_KEYS);
    PackagerConfig.Builder b = PackagerConfig.builder();
    with(node, "name", v -> b.name(name(k + ".name", v)));
    with(node, "listen", v -> b.listen(text(k + ".listen", v)));
    with(node, "mediaDir", v -> b.mediaDir(path(k + ".mediaDir", v, base)));
    with(node, "workDir", v -> b.workDir(path(k + ".workDir", v, base)));
    with(node, "filesDir", v -> b.filesDir(path(k + ".filesDir", v, base)));
    with(node, "segmentDuration", v -> b.segmentDuration(duration(k + ".segmentDuration", v)));
    with(node, "container", v -> b.container(container(k + ".container", v)));
    with(node, "liveEpoch", v -> b.liveEpoch(instant(k + ".liveEpoch", v)));
    with(node, "livePublishDelay", v -> b.livePublishDelay(duration(k + ".livePublishDelay", v)));
    with(node, "ioThreads", v -> b.ioThreads(integer(k + ".ioThreads", v)));
    with(node, "workerThreads", v -> b.workerThreads(integer(k + ".workerThreads", v)));
    with(node, "transcodeThreads", v -> b.transcodeThreads(integer(k + ".transcodeThreads", v)));
    with(node, "idleTimeout", v -> b.idleTimeout(duration(k + ".idleTimeout", v)));
    with(node, "maxRanges", v -> b.maxRanges(integer(k + ".maxRanges", v)));
    with(node, "zeroCopy", v -> b.zeroCopy(bool(k + ".zeroCopy", v)));
    with(node, "filesMaxAge", v -> b.filesMaxAge(duration(k + ".filesMaxAge", v)));
    with(node, "shutdownGrace", v -> b.shutdownGrace(duration(k + ".shutdownGrace", v)));
    with(node, "mediaScanInterval", v -> b.mediaScanInterval(duration(k + ".mediaScanInterval", v)));
    with(node, "renditions", v -> list(k + ".renditions", v, (key, n) -> b.rendition(rendition(key, n))));
    with(node, "assets", v -> list(k + ".assets", v, (key, n) -> b.asset(asset(key, n))));
    with(node, "live", v -> list(k + ".live", v, (key, n) -> b.live(channel(key, n))));
    if (!node.has("workDir")) {
      b.workDir(base.resolve("data/packager"));
    }
    try {
      return b.build();
    } catch (ConfigException e) {
      throw e.key().startsWith("packager") ? e : e.under(k);
    }
  }

  private static RenditionConfig rendition(String key, JsonNode n) {
    object(key, n, RENDITION_KEYS);
    String name = name(key + ".name", required(key, n, "name"));
    int height = integer(key + ".height", required(key, n, "height"));
    long video = bitrate(key + ".videoBitrate", required(key, n, "videoBitrate"));
    long audio = n.has("audioBitrate") ? bitrate(key + ".audioBitrate", n.get("audioBitrate")) : 128_000;
    try {
      return new RenditionConfig(name, height, video, audio);
    } catch (ConfigException e) {
      throw e.under(key);
    }
  }

  private static AssetConfig asset(String key, JsonNode n) {
    object(key, n, ASSET_KEYS);
    String name = name(key + ".name", required(key, n, "name"));
    return new AssetConfig(name, container(key + ".container", required(key, n, "container")));
  }

  private static LiveChannelConfig channel(String key, JsonNode n) {
    object(key, n, LIVE_KEYS);
    LiveChannelConfig d = LiveChannelConfig.of("x", "x");
    String name = name(key + ".name", required(key, n, "name"));
    String source = text(key + ".source", required(key, n, "source"));
    int window = n.has("window") ? integer(key + ".window", n.get("window")) : d.window();
    Duration dvr = n.has("dvrWindow") ? duration(key + ".dvrWindow", n.get("dvrWindow")) : d.dvrWindow();
    long video = n.has("videoBitrate") ? bitrate(key + ".videoBitrate", n.get("videoBitrate")) : d.videoBitrate();
    long audio = n.has("audioBitrate") ? bitrate(key + ".audioBitrate", n.get("audioBitrate")) : d.audioBitrate();
    int rate = n.has("frameRate") ? integer(key + ".frameRate", n.get("frameRate")) : 0;
    List<String> renditions = new ArrayList<>();
    if (n.has("renditions")) {
      list(key + ".renditions", n.get("renditions"), (k2, v) -> renditions.add(name(k2, v)));
    }
    try {
      return new LiveChannelConfig(name, source, window, dvr, video, audio, renditions, rate);
    } catch (ConfigException e) {
      throw e.under(key);
    }
  }

  private interface Element {
    void accept(String key, JsonNode node);
  }

  private static void with(JsonNode node, String field, Consumer<JsonNode> action) {
    JsonNode v = node.get(field);
    if (v != null && !v.isNull()) {
      action.accept(v);
    }
  }

  private static void object(String key, JsonNode n, Set<String> allowed) {
    if (n == null || !n.isObject()) {
      throw new ConfigException(key, "expected a mapping of keys, got " + describe(n));
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new ConfigException(key + "." + f, "unknown key (known: " + String.join(", ", sorted(allowed)) + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    l.sort(null);
    return l;
  }

  private static JsonNode required(String key, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ConfigException(key + "." + field, "missing");
    }
    return v;
  }

  private static void list(String key, JsonNode n, Element element) {
    if (!n.isArray()) {
      throw new ConfigException(key, "expected a list, got " + describe(n));
    }
    for (int i = 0; i < n.size(); i++) {
      element.accept(key + "[" + i + "]", n.get(i));
    }
  }

  private static String text(String key, JsonNode n) {
    if (!n.isValueNode() || n.isBoolean()) {
      throw new ConfigException(key, "expected a string, got " + describe(n));
    }
    return n.asText();
  }

  private static String name(String key, JsonNode n) {
    String s = text(key, n);
    Names.check(key, s);
    return s;
  }

  private static Path path(String key, JsonNode n, Path base) {
    String s = text(key, n);
    if (s.isBlank() || s.indexOf('\0') >= 0) {
      throw new ConfigException(key, "expected a directory path, got '" + s + "'");
    }
    return base.resolve(s).normalize();
  }

  private static Duration duration(String key, JsonNode n) {
    String s = text(key, n);
    return ConfigValues.duration(s)
        .orElseThrow(() -> new ConfigException(key, "expected a duration like 4s, 500ms or 10m, got '" + s + "'"));
  }

  private static long bitrate(String key, JsonNode n) {
    String s = text(key, n);
    return ConfigValues.bitrate(s)
        .orElseThrow(() -> new ConfigException(key, "expected a bitrate like 800k or 3M, got '" + s + "'"));
  }

  private static int integer(String key, JsonNode n) {
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().trim());
      } catch (NumberFormatException ignored) {
        // fall through to the error naming the key
      }
    }
    throw new ConfigException(key, "expected an integer, got " + describe(n));
  }

  private static boolean bool(String key, JsonNode n) {
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    throw new ConfigException(key, "expected true or false, got " + describe(n));
  }

  private static Container container(String key, JsonNode n) {
    String s = text(key, n);
    Container c = Container.parse(s);
    if (c == null) {
      throw new ConfigException(key, "expected ts or fmp4, got '" + s + "'");
    }
    return c;
  }

  private static Instant instant(String key, JsonNode n) {
    String s = text(key, n);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, "expected an ISO-8601 instant like 2025-01-01T00:00:00Z, got '" + s + "'");
    }
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    return "'" + n.asText() + "'";
  }
}
