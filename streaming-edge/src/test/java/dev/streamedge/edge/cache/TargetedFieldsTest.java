package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetedFieldsTest {
  private final TargetedFields targeted = TargetedFields.withEdgeField("Streamedge-Cache-Control");

  /** Which field wins and what it says; '-' = field absent. */
  @ParameterizedTest(name = "edge=[{0}] cdn=[{1}] cc=[{2}] -> {3}: {4}")
  @CsvSource(delimiter = '|', value = {
      "-                         | -                        | max-age=60  | Cache-Control            | max-age=60",
      "-                         | max-age=600              | max-age=60  | CDN-Cache-Control        | max-age=600",
      "max-age=5                 | max-age=600              | max-age=60  | Streamedge-Cache-Control | max-age=5",
      "''                        | max-age=600              | max-age=60  | CDN-Cache-Control        | max-age=600",
      "Max-Age=5                 | max-age=600              | max-age=60  | CDN-Cache-Control        | max-age=600",
      "max-age=5,                | -                        | max-age=60  | Cache-Control            | max-age=60",
      "-                         | max-age=\"600\"          | max-age=60  | CDN-Cache-Control        | max-age=0",
      "-                         | max-age=1.5              | max-age=60  | CDN-Cache-Control        | max-age=0",
      "-                         | max-age=-3               | max-age=60  | CDN-Cache-Control        | max-age=0",
      "-                         | no-store                 | max-age=60  | CDN-Cache-Control        | no-store",
      "-                         | no-store=?0, max-age=9   | -           | CDN-Cache-Control        | max-age=9",
      "-                         | max-age=60, stale-while-revalidate=30, stale-if-error=600 | - | CDN-Cache-Control | max-age=60, stale-while-revalidate=30, stale-if-error=600",
      "-                         | stale-if-error=x, max-age=1 | -        | CDN-Cache-Control        | max-age=1",
      "-                         | no-cache=\"set-cookie\"  | -           | CDN-Cache-Control        | no-cache=\"set-cookie\"",
      "-                         | private, s-maxage=10     | -           | CDN-Cache-Control        | s-maxage=10, private",
      "-                         | max-age=10, max-age=20   | -           | CDN-Cache-Control        | max-age=20",
      "-                         | max-age=999999999999999  | -           | CDN-Cache-Control        | max-age=2147483648",
      "-                         | max-age=9999999999999999 | max-age=1   | Cache-Control            | max-age=1",
      "-                         | max-age=10;foo=bar, public | -         | CDN-Cache-Control        | max-age=10, public",
      "-                         | x=(a b), max-age=3       | -           | CDN-Cache-Control        | max-age=3, x",
      "-                         | x=:YWJj:, max-age=3      | -           | CDN-Cache-Control        | max-age=3, x",
      "-                         | x=:YW Jj:, max-age=3     | max-age=1   | Cache-Control            | max-age=1",
      "-                         | max-age=3 , public       | -           | CDN-Cache-Control        | max-age=3, public",
      "-                         | max-age=3 public         | max-age=1   | Cache-Control            | max-age=1",
      "-                         | x=\"a\\qb\"              | max-age=1   | Cache-Control            | max-age=1",
      "-                         | x=1.5, max-age=3         | -           | CDN-Cache-Control        | max-age=3, x",
      "-                         | x=1.5555, max-age=3      | max-age=1   | Cache-Control            | max-age=1",
      "-                         | -                        | -           | Cache-Control            | ''",
  })
  void selectsTheFirstValidTargetedField(String edge, String cdn, String cc, String source, String directives) {
    HttpFields.Builder b = HttpFields.builder();
    if (!edge.equals("-")) {
      b.add("Streamedge-Cache-Control", edge);
    }
    if (!cdn.equals("-")) {
      b.add("CDN-Cache-Control", cdn);
    }
    if (!cc.equals("-")) {
      b.add("Cache-Control", cc);
    }
    TargetedFields.EffectiveDirectives e = targeted.select(b.build());
    assertThat(e.source()).isEqualTo(source);
    assertThat(e.targeted()).isEqualTo(!source.equals("Cache-Control"));
    assertThat(e.directives().toString()).isEqualTo(directives);
  }

  @Test
  void stripsTargetedFieldsForViewers() {
    HttpFields h = HttpFields.of("CDN-Cache-Control", "max-age=600", "cache-control", "max-age=60",
        "streamedge-cache-control", "max-age=5", "ETag", "\"a\"");
    assertThat(targeted.stripForViewers(h).asList())
        .extracting(HttpFields.Field::name).containsExactly("cache-control", "ETag");
    assertThat(targeted.fieldNames()).containsExactly("Streamedge-Cache-Control", "CDN-Cache-Control");
    assertThat(TargetedFields.withEdgeField(null).fieldNames()).containsExactly("CDN-Cache-Control");
    assertThat(TargetedFields.cdnOnly().fieldNames()).containsExactly("CDN-Cache-Control");
  }

  @Test
  void cacheControlCannotBeTheEdgeField() {
    assertThatThrownBy(() -> TargetedFields.withEdgeField("cache-control")).isInstanceOf(IllegalArgumentException.class);
  }
}
