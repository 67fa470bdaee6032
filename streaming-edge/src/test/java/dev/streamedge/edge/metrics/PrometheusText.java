package dev.streamedge.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, enough to check what {@code
 * /metrics} serves: every sample line must parse, every sample must belong to a family with a
 * {@code # TYPE} line.
 */
final class PrometheusText {
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher m = TYPE.matcher(line);
        assertThat(m.matches()).as("comment line: %s", line).isTrue();
        assertThat(p.types.put(m.group(1), m.group(2))).as("duplicate TYPE for %s", m.group(1)).isNull();
        continue;
      }
      p.samples.add(sample(line));
    }
    for (Sample s : p.samples) {
      assertThat(p.familyOf(s.name())).as("TYPE line for %s", s.name()).isPresent();
    }
    return p;
  }

  private static Sample sample(String line) {
    Matcher n = NAME.matcher(line);
    assertThat(n.lookingAt()).as("metric name in: %s", line).isTrue();
    String name = n.group();
    int i = n.end();
    Map<String, String> labels = new LinkedHashMap<>();
    if (line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        Matcher l = LABEL.matcher(line).region(i, line.length());
        assertThat(l.lookingAt()).as("label at %d in: %s", i, line).isTrue();
        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
        i = l.end();
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    assertThat(line.charAt(i)).as("space before value in: %s", line).isEqualTo(' ');
    String value = line.substring(i + 1);
    double v = switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
    return new Sample(name, labels, v);
  }

  /** The family (TYPE name) a sample belongs to: itself, or without _bucket/_count/_sum. */
  Optional<String> familyOf(String sample) {
    if (types.containsKey(sample)) {
      return Optional.of(sample);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
        return Optional.of(sample.substring(0, sample.length() - suffix.length()));
      }
    }
    return Optional.empty();
  }

  /** The value of the one sample with this name and exactly these labels. */
  double value(String name, String... labelPairs) {
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      want.put(labelPairs[i], labelPairs[i + 1]);
    }
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).toList();
    assertThat(found).as("sample %s%s", name, want).hasSize(1);
    return found.get(0).value();
  }

  List<Sample> all(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }
}
