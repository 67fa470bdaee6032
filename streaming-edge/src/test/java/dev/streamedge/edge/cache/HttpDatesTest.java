package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Sun, 06 Nov 1994 08:49:37 GMT      | 1994-11-06T08:49:37Z",
      "Sunday, 06-Nov-94 08:49:37 GMT     | 1994-11-06T08:49:37Z",
      "Sun Nov  6 08:49:37 1994           | 1994-11-06T08:49:37Z",
      "Sun Nov 16 08:49:37 1994           | 1994-11-16T08:49:37Z",
      "sun, 06 nov 1994 08:49:37 GMT      | 1994-11-06T08:49:37Z",
      "Mon, 01 Jan 2024 00:00:00 GMT      | 2024-01-01T00:00:00Z",
      "Thu, 01 Jan 1970 00:00:00 GMT      | 1970-01-01T00:00:00Z",
      "Fri, 31 Dec 9999 23:59:59 GMT      | 9999-12-31T23:59:59Z",
      "Thursday, 01-Jan-70 00:00:00 GMT   | 1970-01-01T00:00:00Z",
      "Monday, 01-Jan-24 00:00:00 GMT     | 2024-01-01T00:00:00Z",
      "Wednesday, 31-Dec-69 23:59:59 GMT  | 2069-12-31T23:59:59Z",
      "Tue, 30 Jun 2015 23:59:60 GMT      | 2015-06-30T23:59:59Z",
      "Sat, 29 Feb 2020 12:00:00 GMT      | 2020-02-29T12:00:00Z",
      "Mon, 06 Nov 1994 08:49:37 GMT      | 1994-11-06T08:49:37Z",
  })
  void parsesAllThreeFormats(String value, String expected) {
    assertThat(HttpDates.parse(value)).contains(Instant.parse(expected));
  }

  @ParameterizedTest(name = "invalid: [{0}]")
  @ValueSource(strings = {
      "", "0", "-1", "now", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 +0000",
      "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
      "Xyz, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 06 08:49:37 94",
      "Sun, 06 Nov 1994 08:49:37 GMT extra", "Sun, 00 Nov 1994 08:49:37 GMT", "2024-01-01T00:00:00Z",
      "Sun, 06 Nov 1994 08-49-37 GMT",
  })
  void rejectsInvalid(String value) {
    assertThat(HttpDates.parse(value)).isEmpty();
  }

  @Test
  void nullIsEmpty() {
    assertThat(HttpDates.parse(null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "1994-11-06T08:49:37Z, 'Sun, 06 Nov 1994 08:49:37 GMT'",
      "2024-01-01T00:00:00.999Z, 'Mon, 01 Jan 2024 00:00:00 GMT'",
      "1970-01-01T00:00:00Z, 'Thu, 01 Jan 1970 00:00:00 GMT'",
  })
  void formatsImfFixdateAndRoundTrips(String instant, String expected) {
    Instant i = Instant.parse(instant);
    assertThat(HttpDates.format(i)).isEqualTo(expected);
    assertThat(HttpDates.parse(HttpDates.format(i))).contains(Instant.ofEpochSecond(i.getEpochSecond()));
  }
}
