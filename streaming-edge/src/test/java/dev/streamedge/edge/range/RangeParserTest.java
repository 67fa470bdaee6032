package dev.streamedge.edge.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeParserTest {
  private static final long GIB = 1L << 30;
  private final RangeParser parser = RangeParser.withDefaults();

  static String describe(RangeRequest r) {
    if (r instanceof RangeRequest.None) {
      return "NONE";
    }
    if (r instanceof RangeRequest.Invalid i) {
      return "INVALID";
    }
    if (r instanceof RangeRequest.Unsatisfiable u) {
      return "416/" + u.completeLength();
    }
    if (r instanceof RangeRequest.Single s) {
      return s.range().toString();
    }
    return ((RangeRequest.Multi) r).ranges().stream().map(ByteRange::toString).collect(Collectors.joining(","));
  }

  @ParameterizedTest(name = "[{0}] of {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // single ranges
      "bytes=0-99              | 1000 | 0-99",
      "bytes=0-0               | 1000 | 0-0",
      "bytes=0-                | 1000 | 0-999",
      "bytes=500-              | 1000 | 500-999",
      "bytes=999-              | 1000 | 999-999",
      "bytes=-1                | 1000 | 999-999",
      "bytes=-100              | 1000 | 900-999",
      "bytes=-1000             | 1000 | 0-999",
      "bytes=-5000             | 1000 | 0-999",
      "bytes=900-5000          | 1000 | 900-999",
      "bytes=0-999             | 1000 | 0-999",
      "bytes=0-0               | 1    | 0-0",
      "bytes=00-099            | 1000 | 0-99",
      // syntax leniency
      "Bytes=0-99              | 1000 | 0-99",
      "BYTES = 0-99            | 1000 | 0-99",
      "bytes= 0-99 ,           | 1000 | 0-99",
      "bytes=0 - 99            | 1000 | 0-99",
      "bytes=,0-99,,           | 1000 | 0-99",
      // unsatisfiable
      "bytes=1000-             | 1000 | 416/1000",
      "bytes=1000-2000         | 1000 | 416/1000",
      "bytes=-0                | 1000 | 416/1000",
      "bytes=5000-,6000-7000   | 1000 | 416/1000",
      "bytes=0-                | 0    | 416/0",
      "bytes=0-0               | 0    | 416/0",
      "bytes=-5                | 0    | NONE",
      // some satisfiable: the rest is dropped
      "bytes=0-9,5000-6000     | 1000 | 0-9",
      "bytes=5000-6000,0-9     | 1000 | 0-9",
      // multi, ascending, coalesced when touching
      "bytes=0-9,20-29         | 1000 | 0-9,20-29",
      "bytes=0-9, 20-29, 40-   | 1000 | 0-9,20-29,40-999",
      "bytes=0-9,10-19         | 1000 | 0-19",
      "bytes=0-9,10-19,21-29   | 1000 | 0-19,21-29",
      "bytes=0-9,-10           | 1000 | 0-9,990-999",
      "bytes=0-9,-990          | 1000 | 0-999",
      "bytes=0-0,2-2,4-4       | 5    | 0-0,2-2,4-4",
      // CloudFront: descending or overlapping -> whole object
      "bytes=20-29,0-9         | 1000 | INVALID",
      "bytes=0-9,5-15          | 1000 | INVALID",
      "bytes=0-9,9-15          | 1000 | INVALID",
      "bytes=0-,0-,0-          | 1000 | INVALID",
      "bytes=0-9,-995          | 1000 | INVALID",
      "bytes=0-99,50-          | 1000 | INVALID",
      "bytes=500-,0-1          | 1000 | INVALID",
      // invalid syntax -> whole object
      "bytes=                  | 1000 | INVALID",
      "bytes=,                 | 1000 | INVALID",
      "bytes                   | 1000 | INVALID",
      "=0-1                    | 1000 | INVALID",
      "bytes=a-b               | 1000 | INVALID",
      "bytes=1-0               | 1000 | INVALID",
      "bytes=-                 | 1000 | INVALID",
      "bytes=--5               | 1000 | INVALID",
      "bytes=-5-               | 1000 | INVALID",
      "bytes=+1-2              | 1000 | INVALID",
      "bytes=1.5-2             | 1000 | INVALID",
      "bytes=0-1;2-3           | 1000 | INVALID",
      "bytes=0-99,abc          | 1000 | INVALID",
      "bytes=9223372036854775808- | 1000 | INVALID",
      "bytes=0-9223372036854775808 | 1000 | INVALID",
      "bytes=-9223372036854775808 | 1000 | INVALID",
      // a huge but representable end is fine
      "bytes=0-9223372036854775807 | 1000 | 0-999",
      // unknown unit -> ignored
      "items=0-5               | 1000 | NONE",
      "none                    | 1000 | INVALID",
  })
  void ranges(String header, long length, String expected) {
    assertThat(describe(parser.parse(header, length))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] of {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "bytes=2147483647-2147483648          | 4294967296   | 2147483647-2147483648",
      "bytes=4294967295-                    | 4294967296   | 4294967295-4294967295",
      "bytes=4294967296-                    | 4294967296   | 416/4294967296",
      "bytes=-1                             | 21474836480  | 21474836479-21474836479",
      "bytes=21474836379-                   | 21474836480  | 21474836379-21474836479",
      "bytes=0-0,21474836479-               | 21474836480  | 0-0,21474836479-21474836479",
      "bytes=-4294967296                    | 21474836480  | 17179869184-21474836479",
      "bytes=17179869184-21474836480        | 21474836480  | 17179869184-21474836479",
  })
  void largeOffsets(String header, long length, String expected) {
    assertThat(describe(parser.parse(header, length))).isEqualTo(expected);
  }

  @Test
  void absentHeader() {
    assertThat(parser.parse(null, 10)).isEqualTo(new RangeRequest.None());
    assertThat(parser.parse((String) null)).isEqualTo(new RangeParser.Parsed.Absent());
  }

  @Test
  void capOnTheNumberOfRanges() {
    String fifty = IntStream.range(0, 50).mapToObj(i -> (i * 10) + "-" + (i * 10 + 1)).collect(Collectors.joining(","));
    assertThat(parser.parse("bytes=" + fifty, 1000)).isInstanceOf(RangeRequest.Multi.class);
    assertThat(((RangeRequest.Multi) parser.parse("bytes=" + fifty, 1000)).ranges()).hasSize(50);
    assertThat(parser.parse("bytes=" + fifty + ",900-901", 1000))
        .isEqualTo(new RangeRequest.Invalid("more than 50 ranges"));
    assertThat(new RangeParser(2).parse("bytes=0-1,3-4,6-7", 10)).isInstanceOf(RangeRequest.Invalid.class);
    // empty elements do not count
    assertThat(new RangeParser(1).parse("bytes=,,0-1,,", 10)).isEqualTo(new RangeRequest.Single(new ByteRange(0, 1)));
  }

  @Test
  void syntaxOnlyWhenLengthIsUnknown() {
    RangeParser.Parsed p = parser.parse("bytes=10-, -5, 0-3");
    assertThat(p).isEqualTo(new RangeParser.Parsed.Specs(java.util.List.of(
        RangeSpec.from(10), RangeSpec.suffix(5), RangeSpec.closed(0, 3))));
    RangeSpec open = ((RangeParser.Parsed.Specs) p).specs().get(0);
    assertThat(open.isOpenEnded()).isTrue();
    assertThat(open.isSuffix()).isFalse();
    assertThat(open.toString()).isEqualTo("10-");
    assertThat(RangeSpec.suffix(5).toString()).isEqualTo("-5");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> new RangeParser(0)).hasMessageContaining("maxRanges");
    assertThatThrownBy(() -> parser.parse("bytes=0-1", -1)).hasMessageContaining("length");
  }
}
