package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.http.HttpFields;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidationPathTest {
  @ParameterizedTest(name = "{0} -> prefix [{1}]")
  @CsvSource(delimiter = '|', value = {
      "/index.html          | '/index.html '",
      "/videos/abc/*        | /videos/abc/",
      "/videos/abc*         | /videos/abc",
      "/*                   | /",
      "/img/a.jpg?size=L    | '/img/a.jpg?size=L '",
      "/img/a.jpg*          | /img/a.jpg",
      "/caf\u00e9.html      | '/caf%C3%A9.html '",
      "/a b                 | '/a%20b '",
      "/%7Euser/*           | /%7Euser/",
  })
  void prefixes(String raw, String prefix) {
    assertThat(InvalidationPath.parse(raw).keyPrefix()).isEqualTo(prefix);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "index.html   | invalidation path 'index.html' must start with '/'",
      "*            | invalidation path '*' must start with '/'",
      "''           | invalidation path '' must start with '/'",
      "/a*/b        | invalidation path '/a*/b' has '*' before the end; '*' is only allowed as the last character",
      "/**          | invalidation path '/**' has '*' before the end; '*' is only allowed as the last character",
  })
  void rejects(String raw, String message) {
    assertThatThrownBy(() -> InvalidationPath.parse(raw)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void lengthLimit() {
    String ok = "/" + "a".repeat(InvalidationPath.MAX_LENGTH - 1);
    assertThat(InvalidationPath.parse(ok).wildcard()).isFalse();
    assertThatThrownBy(() -> InvalidationPath.parse(ok + "b")).hasMessageContaining("longer than 4000");
    assertThatThrownBy(() -> InvalidationPath.parseAll(List.of())).hasMessageContaining("at least one path");
    assertThatThrownBy(() -> InvalidationPath.parseAll(List.of("/ok", "bad"))).hasMessageContaining("'bad'");
  }

  /** Invalidation path × request → is the request's key removed? */
  @ParameterizedTest(name = "{0} removes {1}?{2} with cookie [{3}]: {4}")
  @CsvSource(delimiter = '|', value = {
      "/index.html     | /index.html       | -      | -    | true",
      "/index.html     | /index.html       | -      | s=1  | true",
      "/index.html     | /index.html       | v=1    | -    | false",
      "/index.html     | /index.htmlx      | -      | -    | false",
      "/index.html*    | /index.html       | v=1    | -    | true",
      "/index.html*    | /index.html.bak   | -      | -    | true",
      "/videos/*       | /videos/a/seg.ts  | -      | -    | true",
      "/videos/*       | /videos           | -      | -    | false",
      "/videos*        | /videos           | -      | -    | true",
      "/Videos/*       | /videos/a.ts      | -      | -    | false",
      "/*              | /anything         | q=1    | s=2  | true",
      "/a?v=1          | /a                | v=1    | -    | true",
      "/a?v=1          | /a                | v=2    | -    | false",
  })
  void matchesKeys(String path, String reqPath, String query, String cookie, boolean removed) {
    CacheKeyPolicy policy = new CacheKeyPolicy(FieldSelection.ALL, FieldSelection.NONE, FieldSelection.ALL);
    HttpFields h = cookie.equals("-") ? HttpFields.of() : HttpFields.of("Cookie", cookie);
    CacheKey key = policy.keyFor(reqPath, query.equals("-") ? null : query, h);
    assertThat(InvalidationPath.parse(path).matches(key)).isEqualTo(removed);
    assertThat(InvalidationPath.parse(path).matches(key.withVariant("x"))).isEqualTo(removed);
  }
}
