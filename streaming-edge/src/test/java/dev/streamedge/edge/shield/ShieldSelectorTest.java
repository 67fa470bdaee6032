package dev.streamedge.edge.shield;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.config.Origin;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShieldSelectorTest {
  private static Origin shield(String id, int port) {
    return ShieldSelector.shieldOrigin(id, URI.create("http://127.0.0.1:" + port), ShieldSelector.Timeouts.DEFAULT);
  }

  @Test
  void noShieldsMeansStraightToTheOrigins() {
    assertThat(new ShieldSelector().shieldsFor("/a ", -1)).isEmpty();
  }

  @Test
  void ranksTheLiveShieldsAndFollowsUpdates() {
    Origin a = shield("shield-a", 9201);
    Origin b = shield("shield-b", 9202);
    Origin c = shield("shield-c", 9203);
    ShieldSelector s = ShieldSelector.of(List.of(a, b, c));
    // Same order as RendezvousTest's fixed table: the selector adds nothing to the hashing.
    assertThat(s.shieldsFor("/videos/a/720p/seg-00001.ts ", -1)).containsExactly(b, c, a);
    s.update(List.of(a, c));
    assertThat(s.shieldsFor("/videos/a/720p/seg-00001.ts ", -1)).containsExactly(c, a);
    assertThat(s.shields()).containsExactly(a, c);
  }

  @Test
  void aShieldIsAnOriginTriedOnceWithItsNodeIdAsId() {
    Origin o = shield("shield-a", 9201);
    assertThat(o.id()).isEqualTo("shield-a");
    assertThat(o.connectionAttempts()).isEqualTo(1);
    assertThat(o.hostHeader()).isEqualTo("127.0.0.1:9201");
  }
}
