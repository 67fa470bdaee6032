package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9111 §3 storability plus error caching (CloudFront's lists) and the safety rules. */
class StorabilityTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private final CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);

  private static HttpFields fields(String spec) {
    HttpFields.Builder b = HttpFields.builder();
    if (!spec.equals("-")) {
      for (String pair : spec.split(";;")) {
        int colon = pair.indexOf(':');
        b.add(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    }
    return b.build();
  }

  /**
   * method, request fields, status, response fields (Name: value;; Name: value) → STORE:ttl or
   * the NotStorable reason.
   */
  @ParameterizedTest(name = "{0} req=[{1}] {2} resp=[{3}] -> {4}")
  @CsvSource(delimiter = '|', value = {
      "GET  | -                        | 200 | -                                          | STORE:86400",
      "HEAD | -                        | 200 | -                                          | METHOD",
      "POST | -                        | 200 | Cache-Control: max-age=60                  | METHOD",
      "PUT  | -                        | 200 | -                                          | METHOD",
      "GET  | -                        | 206 | Cache-Control: max-age=60                  | PARTIAL_CONTENT",
      "GET  | -                        | 304 | -                                          | NOT_MODIFIED",
      "GET  | -                        | 416 | Cache-Control: max-age=60                  | RANGE_NOT_SATISFIABLE",
      "GET  | -                        | 100 | -                                          | STATUS",
      "GET  | -                        | 201 | Cache-Control: max-age=60                  | STATUS",
      "GET  | -                        | 202 | -                                          | STATUS",
      "GET  | -                        | 203 | -                                          | STORE:86400",
      "GET  | -                        | 204 | -                                          | STORE:86400",
      "GET  | -                        | 300 | -                                          | STORE:86400",
      "GET  | -                        | 301 | -                                          | STORE:86400",
      "GET  | -                        | 308 | -                                          | STORE:86400",
      "GET  | -                        | 302 | -                                          | STATUS",
      "GET  | -                        | 302 | Cache-Control: max-age=60                  | STORE:60",
      "GET  | -                        | 307 | Expires: +30                               | STORE:30",
      "GET  | -                        | 303 | -                                          | STATUS",
      // Vary
      "GET  | -                        | 200 | Vary: *                                    | VARY_STAR",
      "GET  | -                        | 200 | Vary: Accept-Encoding, *                   | VARY_STAR",
      "GET  | -                        | 200 | Vary: Accept-Encoding                      | STORE:86400",
      // Authorization (RFC 9111 §3.5)
      "GET  | Authorization: Bearer x  | 200 | Cache-Control: max-age=60                  | AUTHORIZATION",
      "GET  | Authorization: Bearer x  | 200 | -                                          | AUTHORIZATION",
      "GET  | Authorization: Bearer x  | 200 | Cache-Control: public, max-age=60          | STORE:60",
      "GET  | Authorization: Bearer x  | 200 | Cache-Control: s-maxage=60                 | STORE:60",
      "GET  | Authorization: Bearer x  | 200 | Cache-Control: must-revalidate, max-age=60 | STORE:60",
      "GET  | Authorization: Bearer x  | 200 | CDN-Cache-Control: public, max-age=60      | STORE:60",
      // Set-Cookie: not stored unless explicitly shared; then stored without the cookie
      "GET  | -                        | 200 | Set-Cookie: id=1;; Cache-Control: max-age=60 | SET_COOKIE",
      "GET  | -                        | 200 | Set-Cookie: id=1                           | SET_COOKIE",
      "GET  | -                        | 200 | Set-Cookie: id=1;; Cache-Control: public, max-age=60 | STORE:60",
      "GET  | -                        | 200 | Set-Cookie: id=1;; Cache-Control: s-maxage=60 | STORE:60",
      "GET  | -                        | 200 | Set-Cookie: id=1;; CDN-Cache-Control: max-age=60 | STORE:60",
      // no-store / private
      "GET  | -                        | 200 | Cache-Control: no-store                    | NO_STORE",
      "GET  | -                        | 200 | Cache-Control: NO-STORE                    | NO_STORE",
      "GET  | -                        | 200 | Cache-Control: private                     | PRIVATE",
      "GET  | -                        | 200 | Cache-Control: public, private             | PRIVATE",
      // request no-store is ignored unless viewer directives are honored
      "GET  | Cache-Control: no-store  | 200 | Cache-Control: max-age=60                  | STORE:60",
      // nothing to reuse: zero TTL, no validator, no stale window
      "GET  | -                        | 200 | Cache-Control: max-age=0                   | NOTHING_TO_REUSE",
      "GET  | -                        | 200 | Cache-Control: no-cache                    | NOTHING_TO_REUSE",
      "GET  | -                        | 200 | Cache-Control: max-age=0;; ETag: \"a\"     | STORE:0",
      "GET  | -                        | 200 | Cache-Control: max-age=0;; Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT | STORE:0",
      "GET  | -                        | 200 | Cache-Control: max-age=0, stale-if-error=60 | STORE:0",
      "GET  | -                        | 200 | Cache-Control: no-cache;; ETag: \"a\"      | STORE:0",
      // errors: CloudFront's always-cached list, errorCachingMinTtl 10 s
      "GET  | -                        | 404 | -                                          | STORE:10",
      "GET  | -                        | 414 | -                                          | STORE:10",
      "GET  | -                        | 500 | -                                          | STORE:10",
      "GET  | -                        | 501 | -                                          | STORE:10",
      "GET  | -                        | 502 | -                                          | STORE:10",
      "GET  | -                        | 503 | -                                          | STORE:10",
      "GET  | -                        | 504 | -                                          | STORE:10",
      "GET  | -                        | 404 | Cache-Control: max-age=300                 | STORE:300",
      "GET  | -                        | 404 | Cache-Control: max-age=3                   | STORE:10",
      "GET  | -                        | 503 | Cache-Control: s-maxage=60, max-age=5      | STORE:60",
      "GET  | -                        | 404 | Cache-Control: max-age=99999999999         | STORE:31536000",
      "GET  | -                        | 404 | Cache-Control: no-store                    | NO_STORE",
      "GET  | -                        | 404 | Cache-Control: no-cache                    | ERROR_NOT_CACHED",
      "GET  | -                        | 503 | Cache-Control: private                     | PRIVATE",
      // errors cached only with max-age / s-maxage
      "GET  | -                        | 400 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 403 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 405 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 412 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 415 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 403 | Cache-Control: max-age=60                  | STORE:60",
      "GET  | -                        | 400 | Cache-Control: max-age=1                   | STORE:10",
      "GET  | -                        | 403 | Expires: +600                              | ERROR_NOT_CACHED",
      // other errors: RFC rule, only with explicit freshness
      "GET  | -                        | 401 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 410 | -                                          | ERROR_NOT_CACHED",
      "GET  | -                        | 410 | Cache-Control: max-age=600                 | STORE:600",
      "GET  | -                        | 429 | Expires: +30                               | STORE:30",
      "GET  | -                        | 429 | Cache-Control: max-age=30, no-cache        | ERROR_NOT_CACHED",
      "GET  | -                        | 505 | -                                          | ERROR_NOT_CACHED",
  })
  void storability(String method, String req, int status, String resp, String expected) {
    HttpFields response = fields(resp.replace("Expires: +600", "Expires: " + HttpDates.format(T0.plusSeconds(600)))
        .replace("Expires: +30", "Expires: " + HttpDates.format(T0.plusSeconds(30)))).plus("Date", HttpDates.format(T0));
    StorageDecision d = rules.storage(method, fields(req), status, response, T0, T0);
    if (expected.startsWith("STORE:")) {
      assertThat(d).isInstanceOf(StorageDecision.Store.class);
      assertThat(((StorageDecision.Store) d).response().freshness().ttlSeconds())
          .isEqualTo(Long.parseLong(expected.substring(6)));
    } else {
      assertThat(d).isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.valueOf(expected)));
    }
  }

  @ParameterizedTest(name = "error caching min TTL {0}: 503 -> {1}")
  @CsvSource({"0, NOTHING_TO_REUSE", "1, STORE:1", "300, STORE:300"})
  void errorCachingMinTtlIsConfigurable(long errorMin, String expected) {
    CacheRules r = new CacheRules(TtlPolicy.cloudFrontDefaults().withErrorCachingMinTtl(errorMin), TargetedFields.cdnOnly(), false);
    StorageDecision d = r.storage("GET", HttpFields.of(), 503, HttpFields.of("Date", HttpDates.format(T0)), T0, T0);
    if (expected.startsWith("STORE:")) {
      assertThat(((StorageDecision.Store) d).response().freshness().source()).isEqualTo(EdgeFreshness.TtlSource.ERROR_CACHING);
      assertThat(((StorageDecision.Store) d).response().freshness().ttlSeconds()).isEqualTo(Long.parseLong(expected.substring(6)));
    } else {
      assertThat(d).isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.valueOf(expected)));
    }
  }

  @Test
  void storedHeadersDropHopByHopAndSetCookieAndGainADate() {
    HttpFields response = HttpFields.of(
        "Cache-Control", "public, max-age=60", "Set-Cookie", "id=1", "Set-Cookie", "x=2",
        "Connection", "close, X-Hop", "X-Hop", "1", "Keep-Alive", "timeout=5",
        "Transfer-Encoding", "chunked", "Content-Type", "text/plain", "ETag", "\"a\"");
    StorageDecision d = rules.storage("GET", HttpFields.of(), 200, response, T0, T0.plusSeconds(2));
    HttpFields stored = ((StorageDecision.Store) d).response().headers();
    assertThat(stored.asList()).extracting(HttpFields.Field::name)
        .containsExactly("Cache-Control", "Content-Type", "ETag", "Date");
    assertThat(stored.get("Date")).isEqualTo(HttpDates.format(T0.plusSeconds(2)));
  }

  @Test
  void requestNoStoreIsHonoredWhenViewerDirectivesAre() {
    CacheRules honoring = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), true);
    assertThat(honoring.storage("GET", HttpFields.of("Cache-Control", "no-store"), 200,
        HttpFields.of("Cache-Control", "max-age=60"), T0, T0))
        .isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.REQUEST_NO_STORE));
  }

  @Test
  void minTtlAboveZeroStillNeverSharesAuthorizedOrCookiedResponses() {
    CacheRules forcing = new CacheRules(TtlPolicy.of(60, 60, 60), TargetedFields.cdnOnly(), false);
    assertThat(forcing.storage("GET", HttpFields.of("Authorization", "x"), 200, HttpFields.of(), T0, T0))
        .isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.AUTHORIZATION));
    assertThat(forcing.storage("GET", HttpFields.of(), 200, HttpFields.of("Set-Cookie", "a=b"), T0, T0))
        .isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.SET_COOKIE));
    assertThat(forcing.storage("GET", HttpFields.of(), 200, HttpFields.of("Vary", "*"), T0, T0))
        .isEqualTo(new StorageDecision.DoNotStore(StorageDecision.NotStorable.VARY_STAR));
  }
}
