package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryTest {
  private static HttpFields fields(String spec) {
    HttpFields.Builder b = HttpFields.builder();
    if (!spec.equals("-")) {
      for (String pair : spec.split(";;")) {
        int colon = pair.indexOf(':');
        b.add(pair.substring(0, colon).trim(), pair.substring(colon + 1));
      }
    }
    return b.build();
  }

  /** Two requests against one Vary: do they select the same stored response? */
  @ParameterizedTest(name = "Vary [{0}]: [{1}] vs [{2}] -> {3}")
  @CsvSource(delimiter = '|', value = {
      "-                          | Accept-Encoding: gzip        | Accept-Encoding: br          | true",
      "Accept-Encoding            | Accept-Encoding: gzip        | Accept-Encoding: gzip        | true",
      "accept-encoding            | Accept-Encoding: gzip        | ACCEPT-ENCODING: gzip        | true",
      "Accept-Encoding            | Accept-Encoding: gzip        | Accept-Encoding: br          | false",
      "Accept-Encoding            | Accept-Encoding:  gzip       | Accept-Encoding: gzip        | true",
      "Accept-Encoding            | Accept-Encoding: gzip, br    | Accept-Encoding: gzip;;Accept-Encoding: br | true",
      "Accept-Encoding            | Accept-Encoding: gzip,br     | Accept-Encoding: gzip, br    | false",
      "Accept-Encoding            | Accept-Encoding: gzip        | Accept-Encoding: GZIP        | false",
      "Accept-Encoding            | -                            | Accept-Encoding:             | false",
      "Accept-Encoding            | -                            | -                            | true",
      "Accept-Encoding            | Accept-Encoding: gzip        | -                            | false",
      "Accept-Encoding, Origin    | Accept-Encoding: gzip;;Origin: a | Origin: a;;Accept-Encoding: gzip | true",
      "Origin;;Accept-Encoding    | Accept-Encoding: gzip;;Origin: a | Accept-Encoding: gzip;;Origin: b | false",
      "Accept-Encoding,,Origin    | Origin: a                    | Origin: a                    | true",
      "*                          | -                            | -                            | false",
      "Accept-Encoding, *         | Accept-Encoding: gzip        | Accept-Encoding: gzip        | false",
  })
  void secondaryKeys(String vary, String a, String b, boolean same) {
    HttpFields response = HttpFields.of();
    if (!vary.equals("-")) {
      for (String line : vary.split(";;")) {
        response = response.plus("Vary", line);
      }
    }
    var ka = Vary.secondaryKey(response, fields(a));
    var kb = Vary.secondaryKey(response, fields(b));
    if (Vary.isStar(response)) {
      assertThat(ka).isEmpty();
      assertThat(Vary.matches(response, "", fields(b))).isFalse();
    } else {
      assertThat(ka.get().equals(kb.get())).isEqualTo(same);
      assertThat(Vary.matches(response, ka.get(), fields(b))).isEqualTo(same);
    }
  }

  @Test
  void fieldNamesAreLowerCasedSortedAndDistinct() {
    HttpFields r = HttpFields.of("Vary", "Origin, Accept-Encoding", "vary", "origin");
    assertThat(Vary.fieldNames(r)).containsExactly("accept-encoding", "origin");
    assertThat(Vary.secondaryKey(HttpFields.of(), HttpFields.of("A", "b"))).contains("");
  }

  @Test
  void valuesCannotForgeSeparators() {
    HttpFields r = HttpFields.of("Vary", "A, B");
    var k1 = Vary.secondaryKey(r, HttpFields.of("A", "x1:b1:y", "B", "z"));
    var k2 = Vary.secondaryKey(r, HttpFields.of("A", "x", "B", "y1:b1:z"));
    assertThat(k1).isNotEqualTo(k2);
  }
}
