package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {
  /** Input field value → canonical rendering of what was understood. */
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', value = {
      "max-age=60                                 | max-age=60",
      "MAX-AGE=60                                 | max-age=60",
      "Max-Age = 60                               | max-age=60",
      "max-age=\"60\"                             | max-age=60",
      "max-age=0                                  | max-age=0",
      "max-age=-1                                 | max-age=0",
      "max-age=abc                                | max-age=0",
      "max-age=1.5                                | max-age=0",
      "max-age=                                   | max-age=0",
      "max-age                                    | max-age=0",
      "max-age=60 junk                            | max-age=0",
      "max-age=2147483647                         | max-age=2147483647",
      "max-age=2147483648                         | max-age=2147483648",
      "max-age=99999999999999999999999999         | max-age=2147483648",
      "max-age=60, max-age=30                     | max-age=30",
      "max-age=30, max-age=60                     | max-age=30",
      "max-age=60, max-age=x                      | max-age=0",
      "s-maxage=10, max-age=60                    | max-age=60, s-maxage=10",
      "s-maxage=-5                                | s-maxage=0",
      "public, max-age=31536000, immutable        | max-age=31536000, public, immutable",
      "no-cache                                   | no-cache",
      "no-cache=\"Set-Cookie\"                    | no-cache=\"Set-Cookie\"",
      "no-cache=\"Set-Cookie, X-Foo\", max-age=5  | max-age=5, no-cache=\"Set-Cookie, X-Foo\"",
      "private=\"X-A\", max-age=5                 | max-age=5, private=\"X-A\"",
      "no-store, no-transform                     | no-store, no-transform",
      "must-revalidate, proxy-revalidate          | must-revalidate, proxy-revalidate",
      "stale-while-revalidate=30, stale-if-error=86400 | stale-while-revalidate=30, stale-if-error=86400",
      "stale-while-revalidate=abc                 | ''",
      "stale-if-error=-1                          | ''",
      "stale-if-error=10, stale-if-error=5        | stale-if-error=5",
      "max-stale                                  | max-stale=2147483648",
      "max-stale=100                              | max-stale=100",
      "max-stale=x                                | ''",
      "min-fresh=20                               | min-fresh=20",
      "min-fresh=x                                | ''",
      "only-if-cached                             | only-if-cached",
      "must-understand, no-store                  | no-store, must-understand",
      "foo=bar, baz                               | foo=bar, baz",
      "foo=\"a, b\", max-age=7                    | max-age=7, foo=a, b",
      "foo=\"a\\\"b\", max-age=7                  | max-age=7, foo=a\"b",
      ",,, max-age=7 ,,                           | max-age=7",
      "''                                         | ''",
      "=5, max-age=3                              | max-age=3",
      "\"quoted\", public                         | public",
      "max-age=60;public                          | max-age=0",
      "community=\"UCI\"                          | community=UCI",
      "max-age=\"unterminated                     | max-age=0",
  })
  void parses(String value, String expected) {
    assertThat(CacheControl.parse(value).toString()).isEqualTo(expected);
  }

  @Test
  void severalLinesAreOneList() {
    HttpFields h = HttpFields.of("Cache-Control", "max-age=60", "cache-control", "no-cache", "Cache-Control", "max-age=10");
    CacheControl cc = CacheControl.of(h, "Cache-Control");
    assertThat(cc.maxAge()).hasValue(10);
    assertThat(cc.noCache()).isTrue();
  }

  @Test
  void qualifiedFormsAreRecorded() {
    CacheControl cc = CacheControl.parse("no-cache=\"Set-Cookie, Set-Cookie2\", private=X-Secret");
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.noCacheFields()).containsExactly("Set-Cookie", "Set-Cookie2");
    assertThat(cc.isPrivate()).isTrue();
    assertThat(cc.privateFields()).containsExactly("X-Secret");
  }

  @Test
  void emptyAndAbsent() {
    assertThat(CacheControl.of(HttpFields.of(), "Cache-Control").isEmpty()).isTrue();
    assertThat(CacheControl.parse((String) null).isEmpty()).isTrue();
    assertThat(CacheControl.parse(List.of()).maxAge()).isEmpty();
  }
}
