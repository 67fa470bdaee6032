package dev.streamedge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkSpanTest {
  @ParameterizedTest(name = "[{index}] {0}+{1} @{2} -> {3}..{4} skip {5} last {6}")
  @CsvSource({
    // offset, length, chunkSize, first, last, skipInFirst, bytesInLast
    "0, 1, 4096, 0, 0, 0, 1",
    "0, 4096, 4096, 0, 0, 0, 4096",
    "0, 4097, 4096, 0, 1, 0, 1",
    "4095, 1, 4096, 0, 0, 4095, 4096",
    "4095, 2, 4096, 0, 1, 4095, 1",
    "4096, 4096, 4096, 1, 1, 0, 4096",
    "100, 8192, 4096, 0, 2, 100, 100",
    "1048575, 1, 1048576, 0, 0, 1048575, 1048576",
    "1048576, 3145728, 1048576, 1, 3, 0, 1048576",
    // 2^31 and 2^32 boundaries (int overflow territory)
    "2147483647, 1, 262144, 8191, 8191, 262143, 262144",
    "2147483647, 2, 262144, 8191, 8192, 262143, 1",
    "2147483648, 262144, 262144, 8192, 8192, 0, 262144",
    "4294967295, 2, 262144, 16383, 16384, 262143, 1",
    "4294967296, 1, 262144, 16384, 16384, 0, 1",
    "4294967296, 4294967296, 1048576, 4096, 8191, 0, 1048576",
    "21474836479, 1, 1048576, 20479, 20479, 1048575, 1048576",
    "9223372036854775806, 1, 1048576, 8796093022207, 8796093022207, 1048574, 1048575",
  })
  void mapsARangeToChunks(
      long offset, long length, int cs, long first, long last, int skip, int bytesInLast) {
    ChunkSpan span = ChunkSpan.of(offset, length, cs);
    assertThat(span)
        .isEqualTo(new ChunkSpan(first, last, skip, bytesInLast, cs));
    assertThat(span.offset()).isEqualTo(offset);
    assertThat(span.length()).isEqualTo(length);
    assertThat(span.chunkCount()).isEqualTo(last - first + 1);
    long sum = 0;
    for (long c = first; c <= last && c < first + 10; c++) {
      sum += span.bytesIn(c);
    }
    if (span.chunkCount() <= 10) {
      assertThat(sum).isEqualTo(length);
    }
    assertThat(span.skipIn(first)).isEqualTo(skip);
    assertThat(span.chunkStart(first) + skip).isEqualTo(offset);
  }

  @ParameterizedTest(name = "[{index}] {0}+{1} @{2} objectLength {3} -> {4}")
  @CsvSource({
    "0, 4096, 4096, 100000, true",
    "0, 4095, 4096, 100000, false",
    "4096, 100, 4096, 4196, true",
    "1, 4095, 4096, 100000, false",
    "4294967296, 1048576, 1048576, 21474836480, true",
  })
  void knowsWhetherARangeIsAligned(long offset, long length, int cs, long total, boolean aligned) {
    assertThat(ChunkSpan.of(offset, length, cs).aligned(total)).isEqualTo(aligned);
  }

  @ParameterizedTest(name = "[{index}] {0}+{1} @{2}")
  @CsvSource({
    "-1, 10, 4096",
    "0, 0, 4096",
    "0, -5, 4096",
    "0, 10, 0",
    "9223372036854775807, 2, 4096",
  })
  void rejectsBadInput(long offset, long length, int cs) {
    assertThatThrownBy(() -> ChunkSpan.of(offset, length, cs))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 4096, 4096, 1", "4095, 4096, 4096, 2"})
  void refusesChunksOutsideTheSpan(long offset, long length, int cs, long outside) {
    ChunkSpan span = ChunkSpan.of(offset, length, cs);
    assertThatThrownBy(() -> span.bytesIn(span.lastChunk() + outside))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
