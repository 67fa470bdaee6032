package dev.streamedge.edge.shield;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {
  /**
   * Reference values of MurmurHash3_x64_128's first half; identical to Guava's
   * {@code Hashing.murmur3_128(seed)} (checked once over 100,000 random inputs of 0-69 bytes with
   * non-negative seeds: Guava sign-extends a negative seed where the reference zero-extends it).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                          | 0 | 0x0000000000000000",
      "a                                           | 0 | 0x85555565f6597889",
      "hello                                       | 0 | 0xcbd8a7b341bd9b02",
      "The quick brown fox jumps over the lazy dog | 0 | 0xe34bbc7bbc071b6c",
      "'/videos/a/720p/seg-00001.ts '              | 0 | 0xe3f331942971582f",
  })
  void matchesTheReference(String input, int seed, String expected) {
    long want = Long.parseUnsignedLong(expected.substring(2), 16);
    assertThat(Murmur3.hash64(input.getBytes(StandardCharsets.UTF_8), seed)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"0, 17", "1, 16", "3, 31", "15, 1", "16, 0"})
  void offsetAndLengthHashTheSliceOnly(int offset, int length) {
    byte[] all = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    byte[] slice = java.util.Arrays.copyOfRange(all, offset, offset + length);
    assertThat(Murmur3.hash64(all, offset, length, 7)).isEqualTo(Murmur3.hash64(slice, 7));
  }
}
