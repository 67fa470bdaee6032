package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CloudFront's table "Manage how long content stays in the cache (expiration)", row by row, for
 * minTtl = 0 and minTtl > 0, plus the RFC-only configuration (0/0/max) and the heuristic option.
 * Every response carries an ETag so that a zero TTL is still worth storing (revalidation).
 */
class TtlMergeTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * expires: seconds after Date ('-' none, 'bad' = "0"). expected: TTL seconds and its source, or
   * a NotStorable reason.
   */
  @ParameterizedTest(name = "min={0} default={1} max={2} cc=[{3}] expires={4} -> {5} {6}")
  @CsvSource(delimiter = '|', value = {
      // --- minTtl = 0 (CloudFront defaults 0 / 86400 / 31536000) ---
      "0 | 86400 | 31536000 | max-age=3600                 | -    | 3600     | MAX_AGE",
      "0 | 86400 | 31536000 | max-age=0                    | -    | 0        | MAX_AGE",
      "0 | 86400 | 31536000 | max-age=99999999999          | -    | 31536000 | MAX_TTL",
      "0 | 300   | 600      | max-age=3600                 | -    | 600      | MAX_TTL",
      "0 | 86400 | 31536000 | ''                           | -    | 86400    | DEFAULT_TTL",
      "0 | 86400 | 31536000 | public                       | -    | 86400    | DEFAULT_TTL",
      "0 | 86400 | 31536000 | s-maxage=60, max-age=3600    | -    | 60       | S_MAXAGE",
      "0 | 86400 | 31536000 | max-age=60, s-maxage=7200    | -    | 7200     | S_MAXAGE",
      "0 | 600   | 600      | s-maxage=7200, max-age=60    | -    | 600      | MAX_TTL",
      "0 | 86400 | 31536000 | ''                           | 600  | 600      | EXPIRES",
      "0 | 0     | 300      | ''                           | 600  | 300      | MAX_TTL",
      "0 | 86400 | 31536000 | ''                           | -600 | 0        | EXPIRES",
      "0 | 86400 | 31536000 | ''                           | bad  | 0        | EXPIRES",
      "0 | 86400 | 31536000 | max-age=100                  | 600  | 100      | MAX_AGE",
      "0 | 86400 | 31536000 | no-cache                     | -    | 0        | NO_CACHE",
      "0 | 86400 | 31536000 | no-cache, max-age=600        | -    | 0        | NO_CACHE",
      "0 | 86400 | 31536000 | no-cache=\"Set-Cookie\", max-age=600 | - | 0   | NO_CACHE",
      "0 | 86400 | 31536000 | no-store                     | -    | NO_STORE | -",
      "0 | 86400 | 31536000 | no-store, max-age=600        | -    | NO_STORE | -",
      "0 | 86400 | 31536000 | private                      | -    | PRIVATE  | -",
      "0 | 86400 | 31536000 | private, max-age=600         | -    | PRIVATE  | -",
      "0 | 86400 | 31536000 | private=\"X-User\", max-age=600 | - | PRIVATE  | -",
      "0 | 86400 | 31536000 | must-understand, no-store, max-age=60 | - | 60 | MAX_AGE",
      // --- minTtl > 0: max-age / s-maxage / Expires clamped into [min, max] ---
      "60 | 300 | 3600 | max-age=30                        | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | max-age=60                        | -    | 60       | MAX_AGE",
      "60 | 300 | 3600 | max-age=600                       | -    | 600      | MAX_AGE",
      "60 | 300 | 3600 | max-age=3600                      | -    | 3600     | MAX_AGE",
      "60 | 300 | 3600 | max-age=7200                      | -    | 3600     | MAX_TTL",
      "60 | 300 | 3600 | max-age=0                         | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | ''                                | -    | 300      | DEFAULT_TTL",
      "60 | 60  | 3600 | ''                                | -    | 60       | DEFAULT_TTL",
      "60 | 300 | 3600 | s-maxage=10, max-age=600          | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | s-maxage=600, max-age=10          | -    | 600      | S_MAXAGE",
      "60 | 300 | 3600 | s-maxage=9000                     | -    | 3600     | MAX_TTL",
      "60 | 300 | 3600 | ''                                | 30   | 60       | MIN_TTL",
      "60 | 300 | 3600 | ''                                | 600  | 600      | EXPIRES",
      "60 | 300 | 3600 | ''                                | 9999 | 3600     | MAX_TTL",
      "60 | 300 | 3600 | ''                                | bad  | 60       | MIN_TTL",
      "60 | 300 | 3600 | ''                                | -600 | 60       | MIN_TTL",
      // --- minTtl > 0: no-cache / no-store / private are overridden, cached for minTtl ---
      "60 | 300 | 3600 | no-cache                          | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | no-store                          | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | private                           | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | private, max-age=600              | -    | 60       | MIN_TTL",
      "60 | 300 | 3600 | no-store, no-cache, private       | -    | 60       | MIN_TTL",
      // --- min = default = max: the origin's headers no longer matter ---
      "3600 | 3600 | 3600 | max-age=10                     | -    | 3600     | MIN_TTL",
      "3600 | 3600 | 3600 | max-age=999999                 | -    | 3600     | MAX_TTL",
      "3600 | 3600 | 3600 | ''                             | -    | 3600     | DEFAULT_TTL",
      "3600 | 3600 | 3600 | no-store                       | -    | 3600     | MIN_TTL",
      // --- minTtl 0, defaultTtl 0: a plain RFC 9111 shared cache, no invented freshness ---
      "0 | 0 | 31536000 | ''                                | -    | 0        | DEFAULT_TTL",
      "0 | 0 | 31536000 | max-age=60                        | -    | 60       | MAX_AGE",
      "0 | 0 | 31536000 | ''                                | 120  | 120      | EXPIRES",
      "0 | 0 | 0        | max-age=60                        | -    | 0        | MAX_TTL",
  })
  void cloudFrontTable(long min, long def, long max, String cc, String expires, String expected, String source) {
    CacheRules rules = new CacheRules(TtlPolicy.of(min, def, max), TargetedFields.cdnOnly(), false);
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0)).add("ETag", "\"v1\"");
    if (!cc.isEmpty()) {
      b.add("Cache-Control", cc);
    }
    if (!expires.equals("-")) {
      b.add("Expires", expires.equals("bad") ? "0" : HttpDates.format(T0.plusSeconds(Long.parseLong(expires))));
    }
    StorageDecision d = rules.storage("GET", HttpFields.of(), 200, b.build(), T0, T0);
    if (Character.isDigit(expected.charAt(0))) {
      assertThat(d).isInstanceOf(StorageDecision.Store.class);
      EdgeFreshness f = ((StorageDecision.Store) d).response().freshness();
      assertThat(f.ttlSeconds()).isEqualTo(Long.parseLong(expected));
      assertThat(f.source()).isEqualTo(EdgeFreshness.TtlSource.valueOf(source));
      assertThat(f.alwaysRevalidate()).isEqualTo(source.equals("NO_CACHE"));
    } else {
      assertThat(d).isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.valueOf(expected)));
    }
  }

  /** Targeted fields replace Cache-Control and Expires entirely (RFC 9213 §2.2). */
  @ParameterizedTest(name = "cdn=[{0}] cc=[{1}] expires={2} -> {3} {4}")
  @CsvSource(delimiter = '|', value = {
      "max-age=600              | max-age=60       | -    | 600   | MAX_AGE",
      "max-age=600              | no-store         | -    | 600   | MAX_AGE",
      "s-maxage=30, max-age=600 | max-age=60       | -    | 30    | S_MAXAGE",
      "public                   | max-age=60       | 600  | 86400 | DEFAULT_TTL",
      "no-store                 | max-age=60       | -    | NO_STORE | -",
      "no-cache                 | max-age=60       | -    | 0     | NO_CACHE",
      "Max-Age=600              | max-age=60       | -    | 60    | MAX_AGE",
      "max-age=600              | -                | 120  | 600   | MAX_AGE",
  })
  void targetedFieldGoverns(String cdn, String cc, String expires, String expected, String source) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0)).add("ETag", "\"v1\"")
        .add("CDN-Cache-Control", cdn);
    if (!cc.equals("-")) {
      b.add("Cache-Control", cc);
    }
    if (!expires.equals("-")) {
      b.add("Expires", HttpDates.format(T0.plusSeconds(Long.parseLong(expires))));
    }
    StorageDecision d = rules.storage("GET", HttpFields.of(), 200, b.build(), T0, T0);
    if (Character.isDigit(expected.charAt(0))) {
      EdgeFreshness f = ((StorageDecision.Store) d).response().freshness();
      assertThat(f.ttlSeconds()).isEqualTo(Long.parseLong(expected));
      assertThat(f.source()).isEqualTo(EdgeFreshness.TtlSource.valueOf(source));
    } else {
      assertThat(d).isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.valueOf(expected)));
    }
  }

  /** With heuristicFreshness on, Last-Modified replaces defaultTtl (10% of age, capped, clamped). */
  @ParameterizedTest(name = "min={0} lm=-{1}s cap={2} -> {3} {4}")
  @CsvSource(delimiter = '|', value = {
      "0   | 100000  | 86400 | 10000 | HEURISTIC",
      "0   | 9999999 | 86400 | 86400 | HEURISTIC",
      "0   | 9999999 | 600   | 600   | HEURISTIC",
      "60  | 100     | 86400 | 60    | HEURISTIC",
      "0   | -       | 86400 | 300   | DEFAULT_TTL",
      "0   | -100    | 86400 | 300   | DEFAULT_TTL",
  })
  void heuristicFreshnessOption(long min, String lm, long cap, long expected, String source) {
    TtlPolicy p = TtlPolicy.of(min, 300, 31536000).withHeuristicFreshness(true, cap);
    CacheRules rules = new CacheRules(p, TargetedFields.cdnOnly(), false);
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0)).add("ETag", "\"v1\"");
    if (!lm.equals("-")) {
      b.add("Last-Modified", HttpDates.format(T0.minusSeconds(Long.parseLong(lm))));
    }
    EdgeFreshness f = ((StorageDecision.Store) rules.storage("GET", HttpFields.of(), 200, b.build(), T0, T0))
        .response().freshness();
    assertThat(f.ttlSeconds()).isEqualTo(expected);
    assertThat(f.source()).isEqualTo(EdgeFreshness.TtlSource.valueOf(source));
  }

  /** stale-while-revalidate / stale-if-error windows, capped at maxTtl; none with must-revalidate. */
  @ParameterizedTest(name = "max={0} cc=[{1}] -> swr={2} sie={3} noStale={4}")
  @CsvSource(delimiter = '|', value = {
      "31536000 | max-age=60, stale-while-revalidate=30                       | 30   | 0     | false",
      "31536000 | max-age=60, stale-if-error=86400                            | 0    | 86400 | false",
      "31536000 | max-age=3600, stale-while-revalidate=600, stale-if-error=86400 | 600 | 86400 | false",
      "3600     | max-age=60, stale-while-revalidate=7200, stale-if-error=86400 | 3600 | 3600 | false",
      "31536000 | max-age=60, stale-while-revalidate=30, must-revalidate     | 0    | 0     | true",
      "31536000 | max-age=60, stale-if-error=30, proxy-revalidate            | 0    | 0     | true",
      "31536000 | s-maxage=60, stale-while-revalidate=30                      | 30   | 0     | false",
      "31536000 | no-cache, stale-if-error=30                                 | 0    | 0     | true",
      "31536000 | max-age=60, stale-if-error=0                                | 0    | 0     | false",
  })
  void staleWindows(long max, String cc, long swr, long sie, boolean noStale) {
    CacheRules rules = new CacheRules(TtlPolicy.of(0, 0, max), TargetedFields.cdnOnly(), false);
    HttpFields h = HttpFields.of("Date", HttpDates.format(T0), "ETag", "\"v\"", "Cache-Control", cc);
    EdgeFreshness f = ((StorageDecision.Store) rules.storage("GET", HttpFields.of(), 200, h, T0, T0)).response().freshness();
    assertThat(f.staleWhileRevalidateSeconds()).isEqualTo(swr);
    assertThat(f.staleIfErrorSeconds()).isEqualTo(sie);
    assertThat(f.noStaleServing()).isEqualTo(noStale);
  }

  @ParameterizedTest(name = "min={0} default={1} max={2} is rejected")
  @CsvSource({"60, 30, 3600", "0, 7200, 3600", "-1, 0, 0", "0, 0, 3153600001"})
  void inconsistentPoliciesAreRejected(long min, long def, long max) {
    assertThatThrownBy(() -> TtlPolicy.of(min, def, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ttl");
  }
}
