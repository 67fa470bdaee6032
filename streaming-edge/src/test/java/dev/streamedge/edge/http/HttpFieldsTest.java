package dev.streamedge.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpFieldsTest {
  private final HttpFields base = HttpFields.of("Content-Type", "video/mp2t", "Set-Cookie", "a=1",
      "set-cookie", "b=2", "ETag", "\"x\"");

  @Test
  void lookupsIgnoreCaseAndKeepOrder() {
    assertThat(base.contains("content-type")).isTrue();
    assertThat(base.contains("Age")).isFalse();
    assertThat(base.get("ETAG")).isEqualTo("\"x\"");
    assertThat(base.get("Age")).isNull();
    assertThat(base.first("Set-Cookie")).hasValue("a=1");
    assertThat(base.first("Age")).isEmpty();
    assertThat(base.all("SET-COOKIE")).containsExactly("a=1", "b=2");
    assertThat(base.combined("set-cookie")).isEqualTo("a=1, b=2");
    assertThat(base.combined("Age")).isNull();
  }

  @Test
  void plusOfSeveralLinesEqualsTheBuilderWay() {
    HttpFields more = base.plus("Age", "3", "X-Cache", "Hit from e", "X-Edge-Request-Id", "id");
    HttpFields built = base.toBuilder().add("Age", "3").add("X-Cache", "Hit from e").add("X-Edge-Request-Id", "id")
        .build();
    assertThat(more).isEqualTo(built);
    assertThat(more.size()).isEqualTo(base.size() + 3);
    assertThat(more.get("x-cache")).isEqualTo("Hit from e");
    assertThat(base.size()).as("the original is unchanged").isEqualTo(4);
    assertThat(base.plus()).isEqualTo(base);
    assertThat(HttpFields.of().plus("A", "1").asList()).containsExactly(new HttpFields.Field("A", "1"));
  }

  @Test
  void plusRejectsAnOddCountAndTheResultIsImmutable() {
    assertThatThrownBy(() -> base.plus("Age", "1", "X-Cache")).isInstanceOf(IllegalArgumentException.class);
    HttpFields more = base.plus("Age", "1", "Via", "1.1 e");
    assertThatThrownBy(() -> more.asList().add(new HttpFields.Field("B", "2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> more.asList().set(0, new HttpFields.Field("B", "2")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withoutCopiesOnlyWhenTheNameIsThere() {
    assertThat(base.without("Age")).isSameAs(base);
    assertThat(base.without("SET-COOKIE").asList()).extracting(HttpFields.Field::name)
        .containsExactly("Content-Type", "ETag");
  }
}
