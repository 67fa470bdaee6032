package dev.streamedge.packager.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeParserTest {
  /** Expected: WHOLE, NONE (unsatisfiable), or ranges "a-b;c-d". */
  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-499 | 1000 | 0-499",
      "bytes=500- | 1000 | 500-999",
      "bytes=-200 | 1000 | 800-999",
      "bytes=-2000 | 1000 | 0-999",
      "bytes=0-0 | 1000 | 0-0",
      "bytes=990-5000 | 1000 | 990-999",
      "bytes=0-1,5-9 | 1000 | 0-1;5-9",
      "bytes= 0-1 , 5-9 | 1000 | 0-1;5-9",
      "BYTES=0-1 | 1000 | 0-1",
      "bytes=1000- | 1000 | NONE",
      "bytes=2000-3000 | 1000 | NONE",
      "bytes=-0 | 1000 | NONE",
      "bytes=0-1,2000-3000 | 1000 | 0-1",
      "bytes=0- | 0 | NONE",
      "bytes=5-1 | 1000 | WHOLE",
      "bytes=a-b | 1000 | WHOLE",
      "bytes=1 | 1000 | WHOLE",
      "items=0-1 | 1000 | WHOLE",
      "bytes=99999999999999999999-  | 1000 | WHOLE",
      "bytes=4294967296-4294967305 | 5368709120 | 4294967296-4294967305",
      "bytes=-10 | 5368709120 | 5368709110-5368709119",
      "bytes=0-1,2-3,4-5,6-7,8-9 | 1000 | WHOLE",
  })
  void parses(String header, long length, String expected) {
    RangeRequest r = RangeParser.parse(header, length, 4);
    assertThat(describe(r)).isEqualTo(expected);
  }

  private static String describe(RangeRequest r) {
    if (r instanceof RangeRequest.Whole) {
      return "WHOLE";
    }
    if (r instanceof RangeRequest.Unsatisfiable) {
      return "NONE";
    }
    List<String> parts = new ArrayList<>();
    for (ByteRange b : ((RangeRequest.Ranges) r).ranges()) {
      parts.add(b.first() + "-" + b.last());
    }
    return String.join(";", parts);
  }
}
