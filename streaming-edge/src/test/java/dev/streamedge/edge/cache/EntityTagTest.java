package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.EntityTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"xyzzy\"      | xyzzy | false",
      "W/\"xyzzy\"    | xyzzy | true",
      "\"\"           | ''    | false",
      "  \"a,b\"      | a,b   | false",
      "W/\"\"         | ''    | true",
  })
  void parses(String value, String opaque, boolean weak) {
    assertThat(EntityTag.parse(value)).contains(new EntityTag(opaque, weak));
  }

  @ParameterizedTest
  @ValueSource(strings = {"xyzzy", "\"unterminated", "w/\"x\"", "W/x", "\"a\"b\"", "\"with space\"", "*", ""})
  void rejects(String value) {
    assertThat(EntityTag.parse(value)).isEmpty();
  }

  @ParameterizedTest(name = "{0} vs {1}: strong={2} weak={3}")
  @CsvSource(delimiter = '|', value = {
      // RFC 9110 §8.8.3.2 table
      "W/\"1\" | W/\"1\" | false | true",
      "W/\"1\" | W/\"2\" | false | false",
      "W/\"1\" | \"1\"   | false | true",
      "\"1\"   | \"1\"   | true  | true",
  })
  void comparisonTableFromRfc9110(String a, String b, boolean strong, boolean weak) {
    EntityTag x = EntityTag.parse(a).orElseThrow();
    EntityTag y = EntityTag.parse(b).orElseThrow();
    assertThat(x.strongMatches(y)).isEqualTo(strong);
    assertThat(x.weakMatches(y)).isEqualTo(weak);
  }

  @ParameterizedTest(name = "[{0}] valid={1} star={2} size={3}")
  @CsvSource(delimiter = '|', value = {
      "*                         | true  | true  | 0",
      "\"a\"                     | true  | false | 1",
      "\"a\", \"b\"              | true  | false | 2",
      "\"a\",W/\"b\" ,  \"c\"    | true  | false | 3",
      "\"a,b\", \"c\"            | true  | false | 2",
      "\"a\",,\"b\",             | true  | false | 2",
      "a, b                      | false | false | 0",
      "\"a\" \"b\"               | false | false | 0",
      "*, \"a\"                  | false | false | 0",
      "''                        | false | false | 0",
  })
  void parsesLists(String value, boolean valid, boolean star, int size) {
    EntityTag.TagList list = EntityTag.parseList(value);
    assertThat(list.valid()).isEqualTo(valid);
    assertThat(list.wildcard()).isEqualTo(star);
    assertThat(list.tags()).hasSize(size);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"x\"", "W/\"x\""})
  void rendersFieldValue(String value) {
    assertThat(EntityTag.parse(value).orElseThrow().toString()).isEqualTo(value);
  }
}
