package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lookup decisions over time: fresh, stale (SWR / SIE), miss, only-if-cached, viewer directives. */
class LookupTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static StoredResponse store(CacheRules rules, String cacheControl, String... extra) {
    HttpFields.Builder b = HttpFields.builder()
        .add("Date", HttpDates.format(T0))
        .add("ETag", "\"v1\"")
        .add("Last-Modified", HttpDates.format(T0.minusSeconds(3600)));
    if (!cacheControl.isEmpty()) {
      b.add("Cache-Control", cacheControl);
    }
    for (int i = 0; i < extra.length; i += 2) {
      b.add(extra[i], extra[i + 1]);
    }
    StorageDecision d = rules.storage("GET", HttpFields.of(), 200, b.build(), T0, T0);
    return ((StorageDecision.Store) d).response();
  }

  private static String describe(LookupDecision d) {
    if (d instanceof LookupDecision.Fresh f) {
      return "FRESH:" + f.ageSeconds();
    }
    if (d instanceof LookupDecision.Stale s) {
      return "STALE" + (s.serveWhileRevalidating() ? "+SWR" : "") + (s.serveOnError() ? "+SIE" : "") + ":" + s.ageSeconds();
    }
    if (d instanceof LookupDecision.Miss m) {
      return "MISS:" + m.reason();
    }
    return "UNAVAILABLE";
  }

  /** Origin cache-control, seconds after the fetch → decision (CloudFront defaults). */
  @ParameterizedTest(name = "[{0}] at +{1}s -> {2}")
  @CsvSource(delimiter = '|', value = {
      "max-age=60                                              | 0      | FRESH:0",
      "max-age=60                                              | 59     | FRESH:59",
      "max-age=60                                              | 60     | STALE:60",
      "max-age=60                                              | 3600   | STALE:3600",
      "max-age=60, stale-while-revalidate=30                   | 60     | STALE+SWR:60",
      "max-age=60, stale-while-revalidate=30                   | 89     | STALE+SWR:89",
      "max-age=60, stale-while-revalidate=30                   | 90     | STALE:90",
      "max-age=60, stale-if-error=600                          | 100    | STALE+SIE:100",
      "max-age=60, stale-if-error=600                          | 660    | STALE:660",
      "max-age=60, stale-while-revalidate=30, stale-if-error=600 | 70   | STALE+SWR+SIE:70",
      "max-age=60, stale-while-revalidate=30, must-revalidate  | 70     | STALE:70",
      "max-age=60, stale-if-error=600, proxy-revalidate        | 70     | STALE:70",
      "no-cache                                                | 0      | STALE:0",
      "no-cache, stale-if-error=600                            | 1      | STALE:1",
      "''                                                      | 86399  | FRESH:86399",
      "''                                                      | 86400  | STALE:86400",
      "s-maxage=10, max-age=600                                | 10     | STALE:10",
      "max-age=31536000, immutable                             | 31535999 | FRESH:31535999",
  })
  void overTime(String cc, long after, String expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, cc);
    assertThat(describe(rules.lookup(HttpFields.of(), stored, T0.plusSeconds(after)))).isEqualTo(expected);
  }

  /** An Age from upstream counts against freshness (RFC 9111 §4.2.3). */
  @ParameterizedTest(name = "Age {0}, max-age 60, at +{1}s -> {2}")
  @CsvSource({"0, 30, FRESH:30", "50, 9, FRESH:59", "50, 10, STALE:60", "120, 0, STALE:120", "abc, 59, FRESH:59"})
  void upstreamAgeCounts(String age, long after, String expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, "max-age=60", "Age", age);
    assertThat(describe(rules.lookup(HttpFields.of(), stored, T0.plusSeconds(after)))).isEqualTo(expected);
  }

  /** Viewer directives: ignored by default (CloudFront), honored when configured. */
  @ParameterizedTest(name = "honor={0} viewer=[{1}] at +{2}s -> {3}")
  @CsvSource(delimiter = '|', value = {
      "false | no-cache                | 10  | FRESH:10",
      "false | max-age=0               | 10  | FRESH:10",
      "false | max-stale=1000          | 100 | STALE:100",
      "false | only-if-cached          | 10  | FRESH:10",
      "false | only-if-cached          | 100 | UNAVAILABLE",
      "true  | no-cache                | 10  | STALE:10",
      "true  | max-age=0               | 10  | STALE:10",
      "true  | max-age=20              | 10  | FRESH:10",
      "true  | max-age=5               | 10  | STALE:10",
      "true  | min-fresh=30            | 10  | FRESH:10",
      "true  | min-fresh=55            | 10  | STALE:10",
      "true  | max-stale=1000          | 100 | FRESH:100",
      "true  | max-stale               | 99999 | FRESH:99999",
      "true  | max-stale=10            | 100 | STALE:100",
      "true  | only-if-cached          | 100 | UNAVAILABLE",
      "true  | only-if-cached, max-stale | 100 | FRESH:100",
      "true  | ''                      | 10  | FRESH:10",
  })
  void viewerDirectives(boolean honor, String viewer, long after, String expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), honor);
    StoredResponse stored = store(rules, "max-age=60");
    HttpFields req = viewer.isEmpty() ? HttpFields.of() : HttpFields.of("Cache-Control", viewer);
    assertThat(describe(rules.lookup(req, stored, T0.plusSeconds(after)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "pragma with cache-control=[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {"- | STALE:10", "max-age=100 | FRESH:10"})
  void pragmaNoCacheOnlyWithoutCacheControl(String cc, String expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), true);
    StoredResponse stored = store(rules, "max-age=60");
    HttpFields req = cc.equals("-") ? HttpFields.of("Pragma", "no-cache") : HttpFields.of("Pragma", "no-cache", "Cache-Control", cc);
    assertThat(describe(rules.lookup(req, stored, T0.plusSeconds(10)))).isEqualTo(expected);
  }

  @Test
  void mustRevalidateBeatsMaxStale() {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), true);
    StoredResponse stored = store(rules, "max-age=60, must-revalidate");
    assertThat(describe(rules.lookup(HttpFields.of("Cache-Control", "max-stale=1000"), stored, T0.plusSeconds(100))))
        .isEqualTo("STALE:100");
  }

  @ParameterizedTest(name = "Authorization with [{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "public, max-age=60          | FRESH:10",
      "s-maxage=60                 | FRESH:10",
      "must-revalidate, max-age=60 | FRESH:10",
  })
  void authorizedRequestsOnlyFromExplicitlySharedResponses(String cc, String expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, cc);
    assertThat(describe(rules.lookup(HttpFields.of("Authorization", "Bearer t"), stored, T0.plusSeconds(10))))
        .isEqualTo(expected);
  }

  @Test
  void authorizedRequestMissesAResponseStoredForAnonymousViewers() {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, "max-age=60");
    assertThat(describe(rules.lookup(HttpFields.of("Authorization", "Bearer t"), stored, T0.plusSeconds(10))))
        .isEqualTo("MISS:AUTHORIZATION");
    assertThat(describe(rules.lookup(HttpFields.of("Authorization", "t", "Cache-Control", "only-if-cached"), stored, T0)))
        .isEqualTo("UNAVAILABLE");
  }

  @Test
  void nothingStored() {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    assertThat(describe(rules.lookup(HttpFields.of(), null, T0))).isEqualTo("MISS:NOT_CACHED");
    assertThat(describe(rules.lookup(HttpFields.of("Cache-Control", "only-if-cached"), null, T0))).isEqualTo("UNAVAILABLE");
  }

  @ParameterizedTest(name = "stale-if-error=600 checked at +{0}s -> {1}")
  @CsvSource({"30, true", "60, true", "659, true", "660, false", "100000, false"})
  void staleOnErrorAtFailureTime(long after, boolean expected) {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, "max-age=60, stale-if-error=600");
    assertThat(rules.mayServeStaleOnError(stored, T0.plusSeconds(after))).isEqualTo(expected);
  }

  @Test
  void staleCarriesTheConditionalHeaders() {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    StoredResponse stored = store(rules, "max-age=60");
    LookupDecision.Stale s = (LookupDecision.Stale) rules.lookup(HttpFields.of(), stored, T0.plusSeconds(61));
    assertThat(s.conditionalHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(s.conditionalHeaders().get("If-Modified-Since")).isEqualTo(HttpDates.format(T0.minusSeconds(3600)));
    assertThat(s.stalenessSeconds()).isEqualTo(1);
  }

  @Test
  void viewerHeadersDropTargetedFieldsAndSetAge() {
    CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.withEdgeField("Streamedge-Cache-Control"), false);
    StoredResponse stored = store(rules, "max-age=60", "CDN-Cache-Control", "max-age=600",
        "Streamedge-Cache-Control", "max-age=5", "Age", "3");
    HttpFields viewer = rules.viewerHeaders(stored, 42);
    assertThat(viewer.contains("CDN-Cache-Control")).isFalse();
    assertThat(viewer.contains("Streamedge-Cache-Control")).isFalse();
    assertThat(viewer.all("Age")).containsExactly("42");
    assertThat(viewer.get("Cache-Control")).isEqualTo("max-age=60");
    assertThat(stored.freshness().ttlSeconds()).isEqualTo(5);
  }
}
