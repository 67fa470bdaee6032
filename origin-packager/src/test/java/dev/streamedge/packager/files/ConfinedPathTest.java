package dev.streamedge.packager.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfinedPathTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a.bin | a.bin",
      "dir/a.bin | dir;a.bin",
      "with%20space.txt | with space.txt",
      "caf%C3%A9.txt | café.txt",
      "..a | ..a",
      "a.. | a..",
  })
  void accepts(String raw, String segments) {
    assertThat(ConfinedPath.decode(raw))
        .isEqualTo(new ConfinedPath.Segments(List.of(segments.split(";"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "..", "../etc/passwd", "a/../../b", "%2e%2e/x", "%2E%2E", ".%2e/x", "a/%2e", ".",
      "a%2fb", "a%2Fb", "..%2fetc", "a%5cb", "a\\b", "a%00b", "a%0ab", "a%", "a%zz", "a%c3",
      "", "a//b", "dir/", "/abs",
  })
  void refuses(String raw) {
    assertThat(ConfinedPath.decode(raw)).isInstanceOf(ConfinedPath.Refused.class);
  }
}
