package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0            | 0",
      "60           | 60",
      " 7           | 7",
      "007          | 7",
      "1, 2         | 1",
      "5,abc        | 5",
      "2147483648   | 2147483648",
      "99999999999999999999 | 2147483648",
      "-5           | -1",
      "abc          | -1",
      "1.5          | -1",
      "''           | -1",
      "+5           | -1",
  })
  void parsesAgeField(String value, long expected) {
    assertThat(Age.parse(value).orElse(-1)).isEqualTo(expected);
  }

  /**
   * RFC 9111 §4.2.3 worked through: times in ms after T0; date in whole seconds after T0 ('-' =
   * no Date), Age field ('-' = none).
   */
  @ParameterizedTest(name = "date={0} age={1} req={2} resp={3} now={4} -> {5} ms")
  @CsvSource(delimiter = '|', value = {
      // apparent_age 1000, corrected_age_value 2000 (response delay), resident 8000
      "1   | -          | 0     | 2000  | 10000 | 10000",
      // Age from upstream dominates
      "1   | 100        | 0     | 2000  | 10000 | 110000",
      // apparent age dominates (the response was old when it left the origin's clock)
      "-60 | -          | 0     | 0     | 0     | 60000",
      "-60 | 10         | 0     | 0     | 5000  | 65000",
      // Date in the future (clock skew): apparent age clamps at 0
      "5   | -          | 0     | 2000  | 2000  | 2000",
      // no Date: date_value = response_time
      "-   | -          | 0     | 0     | 30000 | 30000",
      "-   | 20         | 1000  | 1500  | 1500  | 20500",
      // invalid Age ignored
      "0   | abc        | 0     | 0     | 1000  | 1000",
      "0   | -1         | 0     | 0     | 1000  | 1000",
      // now before response_time (clock step back): resident time clamps at 0
      "0   | -          | 0     | 5000  | 1000  | 5000",
      // saturated Age
      "0   | 99999999999999 | 0 | 0     | 0     | 2147483648000",
      // request_time after response_time (bogus input): delay clamps at 0
      "0   | -          | 9000  | 1000  | 1000  | 1000",
  })
  void currentAge(String date, String age, long req, long resp, long now, long expectedMs) {
    HttpFields.Builder b = HttpFields.builder();
    if (!date.equals("-")) {
      b.add("Date", HttpDates.format(T0.plusSeconds(Long.parseLong(date))));
    }
    if (!age.equals("-")) {
      b.add("Age", age);
    }
    long ms = Age.currentAgeMillis(b.build(), T0.plusMillis(req), T0.plusMillis(resp), T0.plusMillis(now));
    assertThat(ms).isEqualTo(expectedMs);
    assertThat(Age.currentAgeSeconds(b.build(), T0.plusMillis(req), T0.plusMillis(resp), T0.plusMillis(now)))
        .isEqualTo(expectedMs / 1000);
  }
}
