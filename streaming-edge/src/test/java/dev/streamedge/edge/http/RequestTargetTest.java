package dev.streamedge.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTest {
  @ParameterizedTest(name = "{0} → {1} ? {2}")
  @CsvSource(nullValues = "NULL", value = {
      "/a/b.ts, /a/b.ts, NULL",
      "/a/b.ts?x=1&y=2, /a/b.ts, x=1&y=2",
      "/a?, /a, ''",
      "http://example.com/a/b?q=1, /a/b, q=1",
      "http://example.com, /, NULL",
      "http://example.com?q, /, q",
      "/a%20b, /a%20b, NULL",
      "/..., /..., NULL",
      "/a/.hidden, /a/.hidden, NULL",
  })
  void valid(String uri, String path, String query) {
    RequestTarget t = RequestTarget.parse(uri);
    assertThat(t).isEqualTo(new RequestTarget.Valid(path, query));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "/a/../b, dot-segment",
      "/a/./b, dot-segment",
      "/.., dot-segment",
      "/a/%2e%2e/b, dot-segment",
      "/a/%2E./b, dot-segment",
      "/a%2fb, encoded",
      "/a%5cb, encoded",
      "/a%00b, encoded",
      "/a%zz, malformed",
      "/a%2, malformed",
      "/a\\b, backslash",
      "*, '*'",
      "a/b, must start",
      "/a#frag, fragment",
  })
  void invalid(String uri, String reasonPart) {
    RequestTarget t = RequestTarget.parse(uri);
    assertThat(t).isInstanceOf(RequestTarget.Invalid.class);
    assertThat(((RequestTarget.Invalid) t).reason()).contains(reasonPart);
  }
}
