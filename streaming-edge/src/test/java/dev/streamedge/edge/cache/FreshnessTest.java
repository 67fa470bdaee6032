package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /** expires: seconds after Date, 'bad' for an invalid value, '-' for none; 'x,y' two lines. */
  @ParameterizedTest(name = "cc=[{0}] expires={1} useExpires={2} -> {3} {4}")
  @CsvSource(delimiter = '|', value = {
      "max-age=60               | -     | true  | 60   | MAX_AGE",
      "s-maxage=5, max-age=60   | -     | true  | 5    | S_MAXAGE",
      "max-age=60               | 600   | true  | 60   | MAX_AGE",
      "''                       | 600   | true  | 600  | EXPIRES",
      "''                       | -600  | true  | 0    | EXPIRES",
      "''                       | 0     | true  | 0    | EXPIRES",
      "''                       | bad   | true  | 0    | EXPIRES",
      "''                       | 600   | false | -1   | -",
      "''                       | -     | true  | -1   | -",
      "no-cache                 | -     | true  | -1   | -",
      "max-age=abc              | 600   | true  | 0    | MAX_AGE",
      "''                       | 600,600 | true | 600 | EXPIRES",
      "''                       | 600,700 | true | 0   | EXPIRES",
  })
  void explicitLifetime(String cc, String expires, boolean useExpires, long seconds, String source) {
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0));
    if (!expires.equals("-")) {
      for (String e : expires.split(",")) {
        b.add("Expires", e.equals("bad") ? "0" : HttpDates.format(T0.plusSeconds(Long.parseLong(e))));
      }
    }
    Optional<Freshness.Lifetime> l = Freshness.explicit(CacheControl.parse(cc), useExpires, b.build(), T0);
    if (seconds < 0) {
      assertThat(l).isEmpty();
    } else {
      assertThat(l).contains(new Freshness.Lifetime(seconds, Freshness.Source.valueOf(source)));
    }
  }

  @ParameterizedTest(name = "Expires relative to response_time when Date is {0}")
  @CsvSource({"absent", "invalid"})
  void expiresWithoutUsableDateUsesResponseTime(String date) {
    HttpFields h = HttpFields.of("Expires", HttpDates.format(T0.plusSeconds(100)));
    if (date.equals("invalid")) {
      h = h.plus("Date", "yesterday");
    }
    assertThat(Freshness.explicit(CacheControl.EMPTY, true, h, T0.plusSeconds(40)))
        .contains(new Freshness.Lifetime(60, Freshness.Source.EXPIRES));
  }

  /** lastModified: seconds before Date ('-' none, 'bad' invalid, negative = after Date). */
  @ParameterizedTest(name = "status={0} lm={1} cap={2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "200 | 100000 | 86400  | 10000",
      "200 | 100000 | 3600   | 3600",
      "200 | 9      | 86400  | 0",
      "200 | 0      | 86400  | 0",
      "200 | -50    | 86400  | -1",
      "200 | -      | 86400  | -1",
      "200 | bad    | 86400  | -1",
      "301 | 1000   | 86400  | 100",
      "404 | 1000   | 86400  | 100",
      "410 | 1000   | 86400  | 100",
      "501 | 1000   | 86400  | 100",
      "302 | 1000   | 86400  | -1",
      "500 | 1000   | 86400  | -1",
      "201 | 1000   | 86400  | -1",
  })
  void heuristic(int status, String lm, long cap, long expected) {
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0));
    if (lm.equals("bad")) {
      b.add("Last-Modified", "not a date");
    } else if (!lm.equals("-")) {
      b.add("Last-Modified", HttpDates.format(T0.minusSeconds(Long.parseLong(lm))));
    }
    assertThat(Freshness.heuristic(status, b.build(), T0, cap).orElse(-1)).isEqualTo(expected);
  }
}
