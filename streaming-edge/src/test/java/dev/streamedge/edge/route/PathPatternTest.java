package dev.streamedge.edge.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "/videos/*, /videos/a.ts, true",
      "/videos/*, /videos/, true",
      "/videos/*, /videos, false",
      "/videos/*, /videos/a/b/c.m3u8, true",
      "/videos/*, /Videos/a.ts, false",
      "videos/*, /videos/a.ts, true",
      "*.jpg, /a/b.jpg, true",
      "*.jpg, /a/b.jpeg, false",
      "/images/*.jpg, /images/x/y.jpg, true",
      "/images/*.jpg, /images/x.png, false",
      "/a?c, /abc, true",
      "/a?c, /ac, false",
      "/a?c, /abbc, false",
      "/*/index.m3u8, /vod/index.m3u8, true",
      "/*/index.m3u8, /vod/720p/index.m3u8, true",
      "/*/index.m3u8, /vod/720p/index.m3u8x, false",
      "*, /anything, true",
      "/exact, /exact, true",
      "/exact, /exact/, false",
      "/a*b*c, /axxbyyc, true",
      "/a*b*c, /axxbyy, false",
      "/**, /x, true",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(PathPattern.of(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  void pathologicalPatternStaysFast() {
    PathPattern p = PathPattern.of("/" + "*a".repeat(60) + "b");
    String path = "/" + "a".repeat(5000);
    long t0 = System.nanoTime();
    assertThat(p.matches(path)).isFalse();
    // Not a timing assertion: a backtracking regex would not return at all.
    assertThat(System.nanoTime() - t0).isPositive();
  }

  @Test
  void rejectsBadPatterns() {
    assertThatThrownBy(() -> PathPattern.of("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> PathPattern.of("/a b")).hasMessageContaining("space");
    assertThatThrownBy(() -> PathPattern.of("/" + "x".repeat(300))).hasMessageContaining("255");
  }
}
