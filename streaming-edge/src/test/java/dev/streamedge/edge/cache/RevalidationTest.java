package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conditional requests to the origin, 304 selection (RFC 9111 §4.3.4) and header update (§3.2). */
class RevalidationTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final String LM = "Sun, 31 Dec 2023 00:00:00 GMT";
  private final CacheRules rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);

  private StoredResponse stored(String etag, String lastModified, String cc) {
    HttpFields.Builder b = HttpFields.builder().add("Date", HttpDates.format(T0)).add("Cache-Control", cc)
        .add("Content-Length", "1000").add("Content-Type", "video/mp2t").add("Age", "5");
    if (!etag.equals("-")) {
      b.add("ETag", etag);
    }
    if (!lastModified.equals("-")) {
      b.add("Last-Modified", lastModified);
    }
    return ((StorageDecision.Store) rules.storage("GET", HttpFields.of(), 200, b.build(), T0, T0)).response();
  }

  @ParameterizedTest(name = "etag={0} lm={1} -> INM={2} IMS={3}")
  @CsvSource(delimiter = '|', value = {
      "\"v1\"    | -                              | \"v1\"   | -",
      "W/\"v1\"  | -                              | W/\"v1\" | -",
      "-         | Sun, 31 Dec 2023 00:00:00 GMT  | -        | Sun, 31 Dec 2023 00:00:00 GMT",
      "\"v1\"    | Sun, 31 Dec 2023 00:00:00 GMT  | \"v1\"   | Sun, 31 Dec 2023 00:00:00 GMT",
      "bogus     | yesterday                      | -        | -",
  })
  void conditionalHeaders(String etag, String lm, String inm, String ims) {
    StoredResponse s = stored(etag, lm, "max-age=60, stale-if-error=10");
    HttpFields h = rules.revalidationHeaders(s);
    assertThat(h.get("If-None-Match")).isEqualTo(inm.equals("-") ? null : inm);
    assertThat(h.get("If-Modified-Since")).isEqualTo(ims.equals("-") ? null : ims);
  }

  @ParameterizedTest(name = "stored etag={0} lm={1}; 304 etag={2} lm={3} -> {4}")
  @CsvSource(delimiter = '|', value = {
      "\"v1\"   | -  | \"v1\"   | -  | true",
      "\"v1\"   | -  | \"v2\"   | -  | false",
      "\"v1\"   | -  | W/\"v1\" | -  | true",
      "W/\"v1\" | -  | \"v1\"   | -  | false",
      "W/\"v1\" | -  | W/\"v1\" | -  | true",
      "-        | -  | \"v1\"   | -  | false",
      "\"v1\"   | -  | junk     | -  | false",
      "-        | LM | -        | LM | true",
      "-        | LM | -        | Mon, 01 Jan 2024 00:00:00 GMT | false",
      "-        | -  | -        | LM | false",
      "\"v1\"   | LM | -        | -  | true",
      "-        | -  | -        | -  | true",
  })
  void notModifiedSelection(String sEtag, String sLm, String nEtag, String nLm, boolean matches) {
    HttpFields.Builder s = HttpFields.builder();
    HttpFields.Builder n = HttpFields.builder();
    if (!sEtag.equals("-")) {
      s.add("ETag", sEtag);
    }
    if (!sLm.equals("-")) {
      s.add("Last-Modified", sLm.equals("LM") ? LM : sLm);
    }
    if (!nEtag.equals("-")) {
      n.add("ETag", nEtag);
    }
    if (!nLm.equals("-")) {
      n.add("Last-Modified", nLm.equals("LM") ? LM : nLm);
    }
    assertThat(CacheRules.notModifiedMatches(s.build(), n.build())).isEqualTo(matches);
  }

  @Test
  void mergeReplacesFieldsExceptBodyDescribingOnes() {
    HttpFields stored = HttpFields.of("Date", HttpDates.format(T0), "Cache-Control", "max-age=60", "Content-Length", "1000",
        "Content-Type", "video/mp2t", "ETag", "\"v1\"", "X-Old", "1", "Age", "5", "Vary", "Accept-Encoding");
    HttpFields notModified = HttpFields.of("Date", HttpDates.format(T0.plusSeconds(100)), "Cache-Control", "max-age=120",
        "Content-Length", "0", "ETag", "\"v1\"", "Set-Cookie", "a=b", "Connection", "close", "X-New", "1", "X-New", "2",
        "Content-Encoding", "gzip", "Content-Range", "bytes 0-0/1");
    HttpFields merged = CacheRules.mergeNotModified(stored, notModified, T0.plusSeconds(100));
    assertThat(merged.get("Cache-Control")).isEqualTo("max-age=120");
    assertThat(merged.get("Content-Length")).isEqualTo("1000");
    assertThat(merged.get("Date")).isEqualTo(HttpDates.format(T0.plusSeconds(100)));
    assertThat(merged.all("X-New")).containsExactly("1", "2");
    assertThat(merged.get("X-Old")).isEqualTo("1");
    assertThat(merged.contains("Set-Cookie")).isFalse();
    assertThat(merged.contains("Connection")).isFalse();
    assertThat(merged.contains("Content-Encoding")).isFalse();
    assertThat(merged.contains("Content-Range")).isFalse();
    assertThat(merged.contains("Age")).isFalse();
    assertThat(merged.get("Vary")).isEqualTo("Accept-Encoding");
  }

  @Test
  void mergeWithoutDateUsesResponseTimeAndKeepsANewAge() {
    HttpFields merged = CacheRules.mergeNotModified(
        HttpFields.of("Date", HttpDates.format(T0), "Age", "5"), HttpFields.of("Age", "2"), T0.plusSeconds(50));
    assertThat(merged.get("Date")).isEqualTo(HttpDates.format(T0.plusSeconds(50)));
    assertThat(merged.get("Age")).isEqualTo("2");
  }

  @Test
  void refreshRestartsFreshnessWithTheNewHeaders() {
    StoredResponse s = stored("\"v1\"", "-", "max-age=60");
    Instant sent = T0.plusSeconds(100);
    Instant received = T0.plusSeconds(101);
    RefreshOutcome out = rules.refresh(s, HttpFields.of(),
        HttpFields.of("ETag", "\"v1\"", "Date", HttpDates.format(received), "Cache-Control", "max-age=300"), sent, received);
    StoredResponse r = ((RefreshOutcome.Refreshed) out).response();
    assertThat(r.freshness().ttlSeconds()).isEqualTo(300);
    assertThat(r.requestTime()).isEqualTo(sent);
    assertThat(r.responseTime()).isEqualTo(received);
    assertThat(r.headers().get("Content-Length")).isEqualTo("1000");
    assertThat(r.ageSeconds(received)).isEqualTo(1);
    assertThat(rules.lookup(HttpFields.of(), r, received.plusSeconds(200))).isEqualTo(new LookupDecision.Fresh(201));
  }

  @Test
  void refreshWithADifferentEtagIsAMismatch() {
    StoredResponse s = stored("\"v1\"", "-", "max-age=60");
    assertThat(rules.refresh(s, HttpFields.of(), HttpFields.of("ETag", "\"v2\""), T0, T0))
        .isEqualTo(new RefreshOutcome.Mismatch());
  }

  @Test
  void refreshThatTurnsNoStoreRemovesTheEntry() {
    StoredResponse s = stored("\"v1\"", "-", "max-age=60");
    RefreshOutcome out = rules.refresh(s, HttpFields.of(), HttpFields.of("Cache-Control", "no-store"), T0, T0.plusSeconds(1));
    assertThat(out).isInstanceOf(RefreshOutcome.NoLongerStorable.class);
    RefreshOutcome.NoLongerStorable n = (RefreshOutcome.NoLongerStorable) out;
    assertThat(n.reason()).isEqualTo(StorageDecision.NotStorable.NO_STORE);
    assertThat(n.mergedHeaders().get("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void refreshOfAnErrorKeepsErrorCaching() {
    StorageDecision d = rules.storage("GET", HttpFields.of(), 404, HttpFields.of("Date", HttpDates.format(T0)), T0, T0);
    StoredResponse s = ((StorageDecision.Store) d).response();
    RefreshOutcome out = rules.refresh(s, HttpFields.of(), HttpFields.of(), T0.plusSeconds(20), T0.plusSeconds(20));
    assertThat(((RefreshOutcome.Refreshed) out).response().freshness().ttlSeconds()).isEqualTo(10);
  }
}
