package dev.streamedge.player.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A YAML node that knows its key path, so that every read can fail naming the key. Reading a key marks it
 * known; {@link #rejectUnknown()} then reports a typo ({@code sesionLength}) instead of ignoring it.
 */
final class YamlNode {
  private final JsonNode node;
  private final String path;
  private final Set<String> known = new LinkedHashSet<>();

  YamlNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode value(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  boolean has(String key) {
    return value(key) != null;
  }

  YamlNode object(String key) {
    JsonNode v = value(key);
    if (v == null) {
      throw new PlayerConfigException(childPath(key), "is required");
    }
    if (!v.isObject()) {
      throw new PlayerConfigException(childPath(key), "expected a mapping of keys, got " + describe(v));
    }
    return new YamlNode(v, childPath(key));
  }

  List<YamlNode> objects(String key) {
    JsonNode v = value(key);
    List<YamlNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw new PlayerConfigException(childPath(key), "expected a list, got " + describe(v));
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String p = childPath(key) + "[" + i + "]";
      if (!e.isObject()) {
        throw new PlayerConfigException(p, "expected a mapping of keys, got " + describe(e));
      }
      out.add(new YamlNode(e, p));
    }
    return out;
  }

  String string(String key) {
    String s = string(key, null);
    if (s == null) {
      throw new PlayerConfigException(childPath(key), "is required");
    }
    return s;
  }

  String string(String key, String fallback) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isValueNode() || v.isBinary()) {
      throw new PlayerConfigException(childPath(key), "expected a text value, got " + describe(v));
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw new PlayerConfigException(childPath(key), "must not be empty");
    }
    return s;
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw new PlayerConfigException(childPath(key), "expected true or false, got " + describe(v));
  }

  long integer(String key, long fallback, long min, long max) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new PlayerConfigException(childPath(key), "expected a whole number, got " + describe(v));
    }
    long n = v.longValue();
    if (n < min || n > max) {
      throw new PlayerConfigException(childPath(key), "expected " + min + ".." + max + ", got " + n);
    }
    return n;
  }

  /** Fails on a key nobody read: a typo must not be silently ignored. */
  void rejectUnknown() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new PlayerConfigException(childPath(name), "unknown key (known here: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return "'" + v.asText() + "'";
  }
}
