package dev.streamedge.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementsTest {
  @Test
  void mediansOfOddAndEvenCounts() {
    assertThat(Measurements.median(List.of(3.0, 1.0, 2.0))).hasValue(2.0);
    assertThat(Measurements.median(List.of(4.0, 1.0, 2.0, 3.0))).hasValue(2.5);
    assertThat(Measurements.median(List.of())).isEmpty();
  }

  @Test
  void nonFiniteSamplesAreDroppedAndNotesAreKeptOnce() {
    Measurements m = new Measurements();
    m.add(Metric.SEGMENT_RPS, "edge", Double.NaN);
    m.add(Metric.SEGMENT_RPS, "edge", 5);
    m.note("a");
    m.note("a");
    assertThat(m.samples(Metric.SEGMENT_RPS, "edge")).containsExactly(5.0);
    assertThat(m.notes()).containsExactly("a");
  }

  @Test
  void aKeptRoundAddsSamplesAndNotesADiscardedOneOnlyNotes() {
    Measurements all = new Measurements();
    Measurements kept = new Measurements();
    kept.add(Metric.PLAYLIST_RPS, "edge", 10);
    kept.note("k");
    Measurements discarded = new Measurements();
    discarded.add(Metric.PLAYLIST_RPS, "edge", 99);
    discarded.note("d");
    all.addAll(kept);
    all.addNotes(discarded);
    assertThat(all.samples(Metric.PLAYLIST_RPS, "edge")).containsExactly(10.0);
    assertThat(all.notes()).containsExactly("k", "d");
  }
}
