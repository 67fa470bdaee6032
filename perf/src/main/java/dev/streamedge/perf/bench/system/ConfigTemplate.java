package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration file under {@code perf/conf/} with {@code ${name}} placeholders, filled in for
 * one run (ports, directories). Every placeholder must get a value: a forgotten one fails here, not
 * as a puzzling nginx or Varnish error.
 */
public final class ConfigTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");

  private final String name;
  private final String text;

  public ConfigTemplate(String name, String text) {
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
  }

  public static ConfigTemplate read(Path file) {
    try {
      return new ConfigTemplate(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config template " + file + ": " + e.getMessage(), e);
    }
  }

  /** The text with every placeholder replaced. nginx's own {@code $variables} have no braces. */
  public String render(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException(name + ": no value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Renders into {@code target}. */
  public Path renderTo(Path target, Map<String, String> values) {
    try {
      return Files.writeString(target, render(values), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
