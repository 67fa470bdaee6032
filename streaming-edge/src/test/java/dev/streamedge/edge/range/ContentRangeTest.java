package dev.streamedge.edge.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRangeTest {
  @ParameterizedTest(name = "[{0}] -> {1} {2} {3}")
  @CsvSource(delimiter = '|', value = {
      "bytes 0-99/1000                          | 0           | 99          | 1000         | bytes 0-99/1000",
      "bytes 0-0/1                              | 0           | 0           | 1            | bytes 0-0/1",
      "bytes 21474836379-21474836479/21474836480 | 21474836379 | 21474836479 | 21474836480 | bytes 21474836379-21474836479/21474836480",
      "bytes 4294967296-4294967296/*            | 4294967296  | 4294967296  | -1           | bytes 4294967296-4294967296/*",
      "bytes */1000                             | -1          | -1          | 1000         | bytes */1000",
      "bytes */0                                | -1          | -1          | 0            | bytes */0",
      "Bytes 0-99/1000                          | 0           | 99          | 1000         | bytes 0-99/1000",
      "  bytes 0-99/1000                        | 0           | 99          | 1000         | bytes 0-99/1000",
  })
  void parsesAndFormats(String value, long first, long last, long length, String formatted) {
    ContentRange cr = ContentRange.parse(value).orElseThrow();
    assertThat(cr).isEqualTo(new ContentRange(first, last, length));
    assertThat(cr.toString()).isEqualTo(formatted);
  }

  @ParameterizedTest(name = "invalid [{0}]")
  @ValueSource(strings = {
      "bytes 99-0/1000", "bytes 0-1000/1000", "bytes */*", "bytes 0-99", "bytes 0-99/", "bytes -1-5/10",
      "items 0-1/2", "bytes=0-1/2", "bytes 0-9/abc", "bytes a-9/10", "bytes 0-99999999999999999999/*", "",
      "bytes0-1/2", "bytes 0 - 1/2",
  })
  void rejects(String value) {
    assertThat(ContentRange.parse(value)).isEmpty();
  }

  @Test
  void factories() {
    assertThat(ContentRange.of(new ByteRange(5, 9), 10).toString()).isEqualTo("bytes 5-9/10");
    assertThat(ContentRange.unsatisfied(10).toString()).isEqualTo("bytes */10");
    assertThat(ContentRange.unsatisfied(10).range()).isEmpty();
    assertThat(ContentRange.of(new ByteRange(5, 9), ContentRange.UNKNOWN).range()).contains(new ByteRange(5, 9));
    assertThat(ContentRange.parse(null)).isEmpty();
    assertThatThrownBy(() -> ContentRange.unsatisfied(ContentRange.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteRange(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ByteRange.whole(10)).isEqualTo(new ByteRange(0, 9));
    assertThat(new ByteRange(0, Long.MAX_VALUE - 1).length()).isEqualTo(Long.MAX_VALUE);
  }
}
