package dev.streamedge.edge.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SliceLayoutTest {
  private static final long MIB4 = 4L << 20; // 4194304
  private static final long GB20 = 20L << 30; // 21474836480

  /** viewer range → first slice, last slice, skip in first, take from last, total. */
  @ParameterizedTest(name = "slice {0}: {1}-{2} -> {3}..{4} skip {5} take {6}")
  @CsvSource({
      // within one slice
      "4194304, 0, 99, 0, 0, 0, 100",
      "4194304, 100, 199, 0, 0, 100, 200",
      "4194304, 0, 4194303, 0, 0, 0, 4194304",
      // straddling a boundary
      "4194304, 4194303, 4194304, 0, 1, 4194303, 1",
      "4194304, 4194300, 8388610, 0, 2, 4194300, 3",
      // exactly one later slice
      "4194304, 4194304, 8388607, 1, 1, 0, 4194304",
      // around 2^31 and 2^32
      "4194304, 2147483647, 2147483648, 511, 512, 4194303, 1",
      "4194304, 4294967295, 4294967296, 1023, 1024, 4194303, 1",
      "4194304, 4294967296, 4294967395, 1024, 1024, 0, 100",
      // the end of a 20 GiB object
      "4194304, 21474836380, 21474836479, 5119, 5119, 4194204, 4194304",
      "4194304, 0, 21474836479, 0, 5119, 0, 4194304",
      // a slice size that does not divide the object (odd last slice)
      "1000000, 21474836000, 21474836479, 21474, 21474, 836000, 836480",
      "3, 0, 9, 0, 3, 0, 1",
      "1, 5, 7, 5, 7, 0, 1",
  })
  void spans(long sliceSize, long first, long last, long firstSlice, long lastSlice, long skip, long take) {
    SliceLayout layout = new SliceLayout(sliceSize);
    SliceLayout.SliceSpan span = layout.span(new ByteRange(first, last));
    assertThat(span).isEqualTo(new SliceLayout.SliceSpan(firstSlice, lastSlice, skip, take, sliceSize));
    assertThat(span.length()).isEqualTo(last - first + 1);
    // summing the per-slice pieces gives the range back, piece by piece contiguous
    long offset = first;
    long sum = 0;
    for (long i = span.firstSlice(); i <= span.lastSlice() && i - span.firstSlice() < 10_000; i++) {
      assertThat(layout.sliceStart(i) + span.offsetInSlice(i)).isEqualTo(offset);
      offset += span.lengthInSlice(i);
      sum += span.lengthInSlice(i);
    }
    if (span.sliceCount() <= 10_000) {
      assertThat(sum).isEqualTo(last - first + 1);
    }
  }

  /** slice index of a total length (or -1 unknown) → origin Range header. */
  @ParameterizedTest(name = "slice {1} of {2} ({0}) -> {3}")
  @CsvSource({
      "4194304, 0, 21474836480, bytes=0-4194303",
      "4194304, 1, 21474836480, bytes=4194304-8388607",
      "4194304, 512, 21474836480, bytes=2147483648-2151677951",
      "4194304, 1024, 21474836480, bytes=4294967296-4299161599",
      "4194304, 5119, 21474836480, bytes=21470642176-21474836479",
      "4194304, 2, 10000000, bytes=8388608-9999999",
      "4194304, 2, -1, bytes=8388608-12582911",
      "1000000, 21474, 21474836480, bytes=21474000000-21474836479",
  })
  void originRanges(long sliceSize, long index, long total, String header) {
    assertThat(new SliceLayout(sliceSize).originRange(index, total)).isEqualTo(header);
  }

  @ParameterizedTest(name = "{1} bytes in slices of {0} -> {2} slices")
  @CsvSource({"4194304, 0, 0", "4194304, 1, 1", "4194304, 4194304, 1", "4194304, 4194305, 2",
      "4194304, 21474836480, 5120", "1000000, 21474836480, 21475", "4194304, 9223372036854775807, 2199023255552"})
  void sliceCounts(long sliceSize, long total, long count) {
    assertThat(new SliceLayout(sliceSize).sliceCount(total)).isEqualTo(count);
  }

  @Test
  void sliceBoundsAndErrors() {
    SliceLayout l = new SliceLayout(MIB4);
    assertThat(l.slice(5119, GB20)).isEqualTo(new ByteRange(21470642176L, 21474836479L));
    assertThat(l.sliceOf(GB20 - 1)).isEqualTo(5119);
    assertThatThrownBy(() -> l.slice(5120, GB20)).hasMessageContaining("past the end");
    assertThatThrownBy(() -> new SliceLayout(0)).hasMessageContaining("sliceSize");
    assertThatThrownBy(() -> l.sliceStart(Long.MAX_VALUE / 2)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> l.sliceOf(-1)).isInstanceOf(IllegalArgumentException.class);
    SliceLayout.SliceSpan span = l.span(new ByteRange(10, 20));
    assertThatThrownBy(() -> span.lengthInSlice(1)).hasMessageContaining("outside");
    // the last slice of a layout near Long.MAX_VALUE does not overflow
    SliceLayout big = new SliceLayout(1L << 62);
    assertThat(big.slice(1, ContentRange.UNKNOWN)).isEqualTo(new ByteRange(1L << 62, Long.MAX_VALUE - 1));
  }
}
