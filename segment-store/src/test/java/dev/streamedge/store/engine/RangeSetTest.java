package dev.streamedge.store.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeSetTest {
  private static RangeSet parse(String s) {
    RangeSet r = RangeSet.empty();
    if (s.isBlank()) {
      return r;
    }
    for (String part : s.trim().split(" ")) {
      String[] se = part.split("\\.\\.");
      r = r.add(Long.parseLong(se[0]), Long.parseLong(se[1]));
    }
    return r;
  }

  @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
  @CsvSource({
    "'', 0..10, 0..10",
    "0..10, 10..20, 0..20",
    "0..10, 11..20, 0..10 11..20",
    "0..10 20..30, 5..25, 0..30",
    "0..10 20..30, 10..20, 0..30",
    "20..30, 0..5, 0..5 20..30",
    "0..5 10..15 20..25, 3..22, 0..25",
    "0..10, 2..3, 0..10",
    "0..10, 5..5, 0..10",
    "4294967296..4294971392, 2147483648..2147487744, 2147483648..2147487744 4294967296..4294971392",
  })
  void mergesRanges(String before, String added, String after) {
    String[] a = added.split("\\.\\.");
    RangeSet r = parse(before).add(Long.parseLong(a[0]), Long.parseLong(a[1]));
    assertThat(r).isEqualTo(parse(after));
    assertThat(r.toString()).isEqualTo("[" + String.join(", ", after.split(" ")) + "]");
  }

  @ParameterizedTest(name = "[{index}] {0} at {1} -> {2}")
  @CsvSource({
    "0..10, 0, 10",
    "0..10, 9, 10",
    "0..10, 10, -1",
    "0..10 20..30, 15, -1",
    "0..10 20..30, 20, 30",
    "0..10 20..30 40..50, 45, 50",
    "'', 0, -1",
    "8589934592..8589938688, 8589934595, 8589938688",
  })
  void findsTheEndOfTheRangeContainingAnOffset(String set, long offset, long end) {
    assertThat(parse(set).endOfRangeContaining(offset)).isEqualTo(end);
  }

  @ParameterizedTest(name = "[{index}] {0} covers {1}..{2}: {3}, intersects: {4}")
  @CsvSource({
    "0..10, 0, 10, true, true",
    "0..10, 5, 11, false, true",
    "0..10 10..20, 5, 15, true, true",
    "0..10 12..20, 5, 15, false, true",
    "0..10, 10, 20, false, false",
    "0..10, 3, 3, true, false",
  })
  void coversAndIntersects(String set, long start, long end, boolean covers, boolean intersects) {
    assertThat(parse(set).covers(start, end)).isEqualTo(covers);
    assertThat(parse(set).intersects(start, end)).isEqualTo(intersects);
  }

  @ParameterizedTest
  @CsvSource({"0..10 20..30, 20", "'', 0", "0..4294967296, 4294967296"})
  void totalsBytes(String set, long total) {
    assertThat(parse(set).totalBytes()).isEqualTo(total);
  }

  @ParameterizedTest
  @CsvSource({"5, 3", "-1, 3"})
  void rejectsBadRanges(long start, long end) {
    assertThatThrownBy(() -> RangeSet.of(start, end)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"'0,10,10,20'", "'10,20,0,5'", "'0,10,20'", "'5,5'"})
  void rejectsMalformedBounds(String bounds) {
    long[] b = Arrays.stream(bounds.split(",")).mapToLong(Long::parseLong).toArray();
    assertThatThrownBy(() -> RangeSet.ofBounds(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
