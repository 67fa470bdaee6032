package dev.streamedge.packager.config;

import java.util.regex.Pattern;

/** The names that appear in URLs (assets, channels, renditions): safe path segments by construction. */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Names() {}

  static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  static void check(String key, String name) {
    if (!valid(name)) {
      throw new ConfigException(
          key, "expected a name of letters, digits, '.', '_' or '-' (at most 64), got '" + name + "'");
    }
  }
}
