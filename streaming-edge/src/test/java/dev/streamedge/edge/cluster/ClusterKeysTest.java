package dev.streamedge.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterKeysTest {
  private static final ClusterKeys K = new ClusterKeys("prod");

  @ParameterizedTest
  @CsvSource({
      "/streamedge/prod/distribution,        DISTRIBUTION, ''",
      "/streamedge/prod/invalidations/IABC,  INVALIDATION, IABC",
      "/streamedge/prod/members/edge-1,      MEMBER,       edge-1",
      "/streamedge/prod/status/shield-2,     STATUS,       shield-2",
      "/streamedge/prod/invalidations/,      OTHER,        ''",
      "/streamedge/prod/members/a/b,         OTHER,        ''",
      "/streamedge/prod/distribution2,       OTHER,        ''",
      "/streamedge/other/distribution,       OTHER,        ''",
  })
  void keysParse(String key, ClusterKeys.Kind kind, String name) {
    assertThat(K.parse(key)).isEqualTo(new ClusterKeys.Parsed(kind, name));
  }

  @Test
  void layout() {
    assertThat(List.of(K.distribution(), K.invalidation("I1"), K.member("e"), K.status("e"))).containsExactly(
        "/streamedge/prod/distribution", "/streamedge/prod/invalidations/I1", "/streamedge/prod/members/e",
        "/streamedge/prod/status/e");
  }

  @ParameterizedTest
  @CsvSource({"''", "a/b", "with space", "x*"})
  void badClusterNames(String name) {
    assertThatThrownBy(() -> new ClusterKeys(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidationIdsDeriveFromTheCallerReference() {
    String id = InvalidationRecord.idFor("deploy-2026-01-01");
    assertThat(id).isEqualTo(InvalidationRecord.idFor("deploy-2026-01-01")).startsWith("I").hasSize(27)
        .matches("I[A-Z2-7]{26}");
    assertThat(InvalidationRecord.idFor("deploy-2026-01-02")).isNotEqualTo(id);
  }
}
