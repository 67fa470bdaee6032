package dev.streamedge.perf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Samples per metric and system, one per round, and the notes that qualify them. Thread-confined
 * to the harness's thread.
 */
public final class Measurements {
  private final Map<Metric, Map<String, List<Double>>> samples = new EnumMap<>(Metric.class);
  private final List<String> notes = new ArrayList<>();

  public void add(Metric metric, String system, double value) {
    Objects.requireNonNull(metric, "metric");
    if (Double.isFinite(value)) {
      samples.computeIfAbsent(metric, m -> new LinkedHashMap<>()).computeIfAbsent(system, s -> new ArrayList<>())
          .add(value);
    }
  }

  /** A caveat printed under the table (a miss where a hit was expected, wrk errors, load). */
  public void note(String note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  /** Adds {@code other}'s samples and notes to these. */
  public void addAll(Measurements other) {
    other.samples.forEach((metric, bySystem) -> bySystem.forEach((system, values) -> values.forEach(
        v -> add(metric, system, v))));
    addNotes(other);
  }

  /** Adds {@code other}'s notes only. */
  public void addNotes(Measurements other) {
    other.notes.forEach(this::note);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public List<Double> samples(Metric metric, String system) {
    return List.copyOf(samples.getOrDefault(metric, Map.of()).getOrDefault(system, List.of()));
  }

  /** The median of the rounds' samples (the mean of the middle two for an even count). */
  public OptionalDouble median(Metric metric, String system) {
    return median(samples(metric, system));
  }

  static OptionalDouble median(List<Double> values) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return OptionalDouble.of(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
  }
}
