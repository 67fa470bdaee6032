package dev.streamedge.edge.range;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfRangeTest {
  private static final String LM = "Mon, 01 Jan 2024 00:00:00 GMT";

  /** representation: ETag ('-' none), Last-Modified ('-' none), Date ('-' none). */
  @ParameterizedTest(name = "If-Range [{0}] vs etag={1} lm={2} date={3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "-                              | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | true",
      "\"v1\"                         | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | true",
      "\"v2\"                         | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "W/\"v1\"                       | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "\"v1\"                         | W/\"v1\" | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "\"v1\"                         | -        | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "\"v1                           | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "Mon, 01 Jan 2024 00:00:00 GMT  | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | true",
      "Monday, 01-Jan-24 00:00:00 GMT | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | true",
      "Mon, 01 Jan 2024 00:00:01 GMT  | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "Sun, 31 Dec 2023 23:59:59 GMT  | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "Mon, 01 Jan 2024 00:00:00 GMT  | \"v1\"   | LM | Mon, 01 Jan 2024 00:00:00 GMT | false",
      "Mon, 01 Jan 2024 00:00:00 GMT  | \"v1\"   | LM | Mon, 01 Jan 2024 00:00:01 GMT | true",
      "Mon, 01 Jan 2024 00:00:00 GMT  | \"v1\"   | LM | -                             | false",
      "Mon, 01 Jan 2024 00:00:00 GMT  | \"v1\"   | -  | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "yesterday                      | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
      "''                             | \"v1\"   | LM | Tue, 02 Jan 2024 00:00:00 GMT | false",
  })
  void ifRange(String ifRange, String etag, String lm, String date, boolean applies) {
    HttpFields.Builder b = HttpFields.builder();
    if (!etag.equals("-")) {
      b.add("ETag", etag);
    }
    if (!lm.equals("-")) {
      b.add("Last-Modified", LM);
    }
    if (!date.equals("-")) {
      b.add("Date", date);
    }
    assertThat(IfRange.rangeApplies(ifRange.equals("-") ? null : ifRange, b.build())).isEqualTo(applies);
  }
}
