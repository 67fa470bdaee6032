package dev.streamedge.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML node that knows its key path, so every read can fail with a message naming the key.
 * Reading a key marks it as known; {@link #rejectUnknown()} then reports typos such as
 * {@code cacheBehaviours} instead of silently ignoring them.
 */
public final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new LinkedHashSet<>();

  ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  public String path() {
    return path;
  }

  public boolean has(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode value(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  public ConfigNode object(String key) {
    JsonNode v = value(key);
    if (v == null) {
      throw new ConfigException(childPath(key), "is required");
    }
    if (!v.isObject()) {
      throw new ConfigException(childPath(key), "expected a mapping of keys, got " + describe(v));
    }
    return new ConfigNode(v, childPath(key));
  }

  /** The child object, or an empty one when absent (so optional sections read their defaults). */
  public ConfigNode objectOrEmpty(String key) {
    return has(key) ? object(key) : new ConfigNode(
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), childPath(key));
  }

  public List<ConfigNode> objects(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ConfigException(childPath(key), "expected a list, got " + describe(v));
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String p = childPath(key) + "[" + i + "]";
      if (!item.isObject()) {
        throw new ConfigException(p, "expected a mapping of keys, got " + describe(item));
      }
      out.add(new ConfigNode(item, p));
    }
    return out;
  }

  public List<String> strings(String key, List<String> defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isArray()) {
      throw new ConfigException(childPath(key), "expected a list, got " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isValueNode() || item.isNull()) {
        throw new ConfigException(childPath(key) + "[" + i + "]", "expected a value, got " + describe(item));
      }
      out.add(item.asText());
    }
    return out;
  }

  public String string(String key) {
    JsonNode v = value(key);
    if (v == null) {
      throw new ConfigException(childPath(key), "is required");
    }
    if (!v.isValueNode()) {
      throw new ConfigException(childPath(key), "expected a value, got " + describe(v));
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw new ConfigException(childPath(key), "must not be empty");
    }
    return s;
  }

  public String string(String key, String defaultValue) {
    return has(key) ? string(key) : defaultValue;
  }

  public boolean bool(String key, boolean defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw new ConfigException(childPath(key), "expected true or false, got " + describe(v));
  }

  public long integer(String key, long defaultValue, long min, long max) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    if (v.canConvertToLong() && v.isIntegralNumber()) {
      n = v.longValue();
    } else if (v.isTextual()) {
      try {
        n = Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(childPath(key), "expected a whole number, got '" + v.asText() + "'");
      }
    } else {
      throw new ConfigException(childPath(key), "expected a whole number, got " + describe(v));
    }
    if (n < min || n > max) {
      throw new ConfigException(childPath(key), "must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  /** A duration: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, or a bare number of seconds. */
  public Duration duration(String key, Duration defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    return parse(key, v.asText(), Units::parseDuration, "a duration like 30s, 500ms or 2m");
  }

  /** A size: {@code 10GiB}, {@code 512MiB}, {@code 64KiB}, {@code 1GB}, or a bare number of bytes. */
  public long size(String key, long defaultValue) {
    JsonNode v = value(key);
    if (v == null) {
      return defaultValue;
    }
    return parse(key, v.asText(), Units::parseSize, "a size like 10GiB, 512MiB or 4096");
  }

  public InetSocketAddress hostPort(String key, String defaultValue) {
    String s = has(key) ? string(key) : defaultValue;
    if (s == null) {
      throw new ConfigException(childPath(key), "is required");
    }
    return parse(key, s, Units::parseHostPort, "host:port like 127.0.0.1:8080");
  }

  public String enumValue(String key, String defaultValue, Set<String> allowed) {
    String s = string(key, defaultValue);
    if (s != null && !allowed.contains(s)) {
      throw new ConfigException(childPath(key), "must be one of " + allowed + ", got '" + s + "'");
    }
    return s;
  }

  private <T> T parse(String key, String text, Function<String, T> parser, String expected) {
    try {
      return parser.apply(text.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(childPath(key), "expected " + expected + ", got '" + text + "'");
    }
  }

  /** Fails on the first key that no reader asked for: a typo must not be silently ignored. */
  public void rejectUnknown() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        String hint = closest(name, read);
        throw new ConfigException(childPath(name),
            "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                + "; known keys here: " + read);
      }
    }
  }

  private static String closest(String name, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String describe(JsonNode v) {
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    return "'" + v.asText() + "'";
  }
}
