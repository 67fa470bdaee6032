package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcePatternTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      // literal
      "https://cdn.example.com/a.mp4|https://cdn.example.com/a.mp4|true",
      "https://cdn.example.com/a.mp4|https://cdn.example.com/a.mp4?x=1|false",
      "https://cdn.example.com/a.mp4|https://cdn.example.com/A.mp4|false",
      // '.' is literal, not "any character"
      "https://cdn.example.com/a.mp4|https://cdn.example.com/aXmp4|false",
      "https://cdn.example.com/a.mp4|https://cdnXexample.com/a.mp4|false",
      // trailing '*' covers a tree, '/' and query strings included
      "https://cdn.example.com/vod/*|https://cdn.example.com/vod/|true",
      "https://cdn.example.com/vod/*|https://cdn.example.com/vod/movie/720p/seg_00001.ts|true",
      "https://cdn.example.com/vod/*|https://cdn.example.com/vod/a.m3u8?token=1&x=y|true",
      "https://cdn.example.com/vod/*|https://cdn.example.com/vod|false",
      "https://cdn.example.com/vod/*|https://cdn.example.com/vodka/a.ts|false",
      "https://cdn.example.com/vod/*|https://cdn.example.com/live/vod/a.ts|false",
      "https://cdn.example.com/vod/*|http://cdn.example.com/vod/a.ts|false",
      // '*' in the middle and at the start
      "https://cdn.example.com/*/720p/*.ts|https://cdn.example.com/m/720p/s1.ts|true",
      "https://cdn.example.com/*/720p/*.ts|https://cdn.example.com/a/b/720p/c/s1.ts|true",
      "https://cdn.example.com/*/720p/*.ts|https://cdn.example.com/m/480p/s1.ts|false",
      "https://cdn.example.com/*/720p/*.ts|https://cdn.example.com/m/720p/s1.ts?x|false",
      "*game_download.zip*|http://d111111abcdef8.cloudfront.net/game_download.zip|true",
      "http://d111111abcdef8.cloudfront.net/*game_download.zip*|http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes|true",
      "http://*|http://d111111abcdef8.cloudfront.net/training/orientation.pdf|true",
      "http://*|https://d111111abcdef8.cloudfront.net/training/orientation.pdf|false",
      "*|anything at all|true",
      "*|''|true",
      "**|x|true",
      "a**b|ab|true",
      "a*b*c|abc|true",
      "a*b*c|acb|false",
      "a*a|a|false",
      "a*a|aa|true",
      "*a|a|true",
      "a*|a|true",
      "*ab*ab|abab|true",
      "*ab*ab|abaab|true",
      "*ab*ab|aab|false",
      "*ab*ab|ab|false",
      "*aab|aaab|true",
      // '?' is exactly one character, any character
      "https://cdn.example.com/seg_?.ts|https://cdn.example.com/seg_1.ts|true",
      "https://cdn.example.com/seg_?.ts|https://cdn.example.com/seg_12.ts|false",
      "https://cdn.example.com/seg_?.ts|https://cdn.example.com/seg_.ts|false",
      "https://cdn.example.com/seg_?.ts|https://cdn.example.com/seg_/.ts|true",
      // a literal '?' in a resource is a one-character wildcard that also matches '?'
      "https://cdn.example.com/a.ts?size=large|https://cdn.example.com/a.ts?size=large|true",
      "https://cdn.example.com/a.ts?size=large|https://cdn.example.com/a.ts&size=large|true",
      "https://cdn.example.com/a.ts?*|https://cdn.example.com/a.ts|false",
      "https://cdn.example.com/a.ts?*|https://cdn.example.com/a.ts?k=v|true",
      "??|ab|true",
      "??|a|false",
      "?*?|ab|true",
      "?*?|a|false",
      "*?|''|false",
      "''|''|true",
      "''|a|false",
      // regex metacharacters are literal
      "https://cdn.example.com/(a+b)[0-9]$.ts|https://cdn.example.com/(a+b)[0-9]$.ts|true",
      "https://cdn.example.com/(a+b)[0-9]$.ts|https://cdn.example.com/aab5.ts|false",
      "https://cdn.example.com/.*|https://cdn.example.com/x|false",
      "https://cdn.example.com/.*|https://cdn.example.com/.x|true",
      "https://cdn.example.com/\\Q*\\E|https://cdn.example.com/\\Qx\\E|true",
      // non-ASCII literal characters
      "https://cdn.example.com/vidéo/*|https://cdn.example.com/vidéo/a.ts|true",
      "https://cdn.example.com/vidéo/*|https://cdn.example.com/video/a.ts|false",
  })
  void matches(String pattern, String url, boolean expected) {
    assertThat(ResourcePattern.of(pattern).matches(url)).isEqualTo(expected);
  }

  @Test
  void agreesWithAReferenceMatcherOnRandomInputs() {
    Random r = new Random(42);
    String alphabet = "ab/?.";
    for (int i = 0; i < 20_000; i++) {
      String pattern = random(r, "ab*?.", r.nextInt(9));
      String text = random(r, alphabet, r.nextInt(12));
      assertThat(ResourcePattern.of(pattern).matches(text))
          .as("%s ~ %s", pattern, text)
          .isEqualTo(reference(pattern, text));
    }
  }

  @Test
  void longSegmentsUseMultiWordMasks() {
    String seg = "x".repeat(100) + "?" + "y".repeat(100);
    ResourcePattern p = ResourcePattern.of("https://h/*" + seg + "*");
    assertThat(p.matches("https://h/" + "x".repeat(150) + "Z" + "y".repeat(100) + "/tail")).isTrue();
    assertThat(p.matches("https://h/" + "x".repeat(150) + "Z" + "y".repeat(99))).isFalse();
  }

  /** Patterns that make backtracking matchers (and regexes) take quadratic or exponential time. */
  @Test
  @Timeout(5)
  void pathologicalPatternsStayFast() {
    String text = "a".repeat(8_000);
    String[] patterns = {
        "*a".repeat(2_000) + "b",               // many stars, fails at the end
        "*" + "a".repeat(4_000) + "b*",         // one long segment that almost matches everywhere
        "*" + "?".repeat(3_000) + "b",          // long run of '?'
        "a*".repeat(2_000) + "b",
        "*" + "a?".repeat(1_500) + "*b*",
    };
    for (String pattern : patterns) {
      ResourcePattern p = ResourcePattern.of(pattern);
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(p.matches(text)).isFalse();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
    assertThatCode(() -> ResourcePattern.of("*a".repeat(2_000)).matches(text)).doesNotThrowAnyException();
    assertThat(ResourcePattern.of("*a".repeat(2_000)).matches(text)).isTrue();
  }

  private static String random(Random r, String alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** The obvious regex translation, correct but exponential on hostile input: small inputs only. */
  private static boolean reference(String pattern, String text) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> re.append("[\\s\\S]*");
        case '?' -> re.append("[\\s\\S]");
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString()).matcher(text).matches();
  }
}
