package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginForwardingTest {
  private static final HttpFields VIEWER = HttpFields.of(
      "Host", "edge.example", "Accept-Language", "fr", "X-A", "1", "Connection", "keep-alive, X-Hop", "X-Hop", "h",
      "Cookie", "a=1; session=abc", "Cookie", "b=2", "If-None-Match", "\"v1\"", "Range", "bytes=0-1",
      "Authorization", "Bearer t", "TE", "trailers");

  @Test
  void defaultsForwardEveryEndToEndField() {
    OriginForwarding.ForwardedRequest r = OriginForwarding.defaults().forward("/a", "y=2&x=1", VIEWER, false);
    assertThat(r.pathAndQuery()).isEqualTo("/a?y=2&x=1");
    assertThat(r.headers().asList()).extracting(HttpFields.Field::name).containsExactly(
        "Host", "Accept-Language", "X-A", "If-None-Match", "Range", "Authorization", "Cookie");
    assertThat(r.headers().get("Cookie")).isEqualTo("a=1; session=abc; b=2");
  }

  @Test
  void cacheFillsDropViewerValidatorsAndRange() {
    OriginForwarding.ForwardedRequest r = OriginForwarding.defaults().forward("/a", null, VIEWER, true);
    assertThat(r.pathAndQuery()).isEqualTo("/a");
    assertThat(r.headers().contains("If-None-Match")).isFalse();
    assertThat(r.headers().contains("Range")).isFalse();
    assertThat(r.headers().contains("Authorization")).isTrue();
  }

  /** key and origin-request selections → forwarded query, header names and Cookie. */
  @ParameterizedTest(name = "key q={0} h={1} c={2}; fwd q={3} h={4} c={5}")
  @CsvSource(delimiter = '|', value = {
      "allowList:color | none | none | none | none | none | /a?color=red | -  | -",
      "allowList:color | none | none | allowList:page | none | none | /a?page=2&color=red | - | -",
      "none | allowList:Accept-Language | none | none | none | none | /a | Accept-Language | -",
      "none | allowList:Accept-Language | none | none | allowList:X-A | none | /a | Accept-Language,X-A | -",
      "none | none | allowList:session | none | none | none | /a | - | session=abc",
      "none | none | allowList:session | none | none | allowList:b | /a | - | session=abc; b=2",
      "none | none | none | none | none | allExcept:a | /a | - | session=abc; b=2",
      "none | none | none | none | allExcept:Host,Authorization,Accept-Language | none | /a | X-A,If-None-Match,Range | -",
      "all  | none | none | none | none | none | /a?page=2&color=red&utm=x | - | -",
      "none | none | all  | none | none | none | /a | - | a=1; session=abc; b=2",
  })
  void unionOfKeyAndOriginRequestPolicy(String kq, String kh, String kc, String fq, String fh, String fc,
      String target, String headerNames, String cookie) {
    CacheKeyPolicy key = new CacheKeyPolicy(sel(kq), sel(kh), sel(kc));
    OriginRequestPolicy fwd = new OriginRequestPolicy(sel(fq), sel(fh), sel(fc));
    OriginForwarding.ForwardedRequest r = new OriginForwarding(key, fwd).forward("/a", "page=2&color=red&utm=x", VIEWER, false);
    assertThat(r.pathAndQuery()).isEqualTo(target);
    assertThat(r.headers().without("Cookie").asList()).extracting(HttpFields.Field::name)
        .containsExactly(headerNames.equals("-") ? new String[0] : headerNames.split(","));
    assertThat(r.headers().get("Cookie")).isEqualTo(cookie.equals("-") ? null : cookie);
  }

  private static FieldSelection sel(String spec) {
    if (spec.equals("none")) {
      return FieldSelection.NONE;
    }
    if (spec.equals("all")) {
      return FieldSelection.ALL;
    }
    int colon = spec.indexOf(':');
    return new FieldSelection(FieldSelection.Behavior.parse(spec.substring(0, colon)),
        java.util.List.of(spec.substring(colon + 1).split(",")));
  }
}
