package dev.streamedge.store.evict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EvictionPolicyTest {
  @ParameterizedTest
  @EnumSource(EvictionPolicyKind.class)
  void evictsEverythingOnceAndTracksBytes(EvictionPolicyKind kind) {
    EvictionPolicy<String> p = kind.create(1000);
    List<PolicyNode<String>> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(p.add("k" + i, i, 10 + i));
    }
    assertThat(p.size()).isEqualTo(10);
    assertThat(p.bytes()).isEqualTo(145);
    p.resize(nodes.get(3), 100);
    assertThat(p.bytes()).isEqualTo(145 - 13 + 100);
    p.remove(nodes.get(5));
    p.remove(nodes.get(5));
    assertThat(p.size()).isEqualTo(9);
    List<String> out = new ArrayList<>();
    for (String v; (v = p.evict()) != null; ) {
      out.add(v);
    }
    assertThat(out).hasSize(9).doesNotContain("k5").doesNotHaveDuplicates();
    assertThat(p.bytes()).isZero();
    assertThat(p.size()).isZero();
  }

  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    LruPolicy<String> p = new LruPolicy<>();
    PolicyNode<String> a = p.add("a", 1, 1);
    p.add("b", 2, 1);
    p.add("c", 3, 1);
    p.touch(a);
    assertThat(p.evict()).isEqualTo("b");
    assertThat(p.evict()).isEqualTo("c");
    assertThat(p.evict()).isEqualTo("a");
  }

  @Test
  void s3FifoKeepsItemsHitWhileNewAndDropsOneHitWonders() {
    S3FifoPolicy<String> p = new S3FifoPolicy<>(100);
    PolicyNode<String> hot = p.add("hot", 1, 10);
    p.touch(hot);
    for (int i = 0; i < 20; i++) {
      p.add("cold" + i, 100 + i, 10);
    }
    List<String> evicted = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      evicted.add(p.evict());
    }
    assertThat(evicted).doesNotContain("hot").startsWith("cold0", "cold1");
  }

  @Test
  void s3FifoAdmitsAGhostStraightToMain() {
    S3FifoPolicy<String> p = new S3FifoPolicy<>(100);
    p.add("once", 7, 10);
    p.add("filler", 8, 10);
    assertThat(p.evict()).isEqualTo("once"); // remembered in the ghost
    PolicyNode<String> again = p.add("once", 7, 10);
    for (int i = 0; i < 5; i++) {
      p.add("new" + i, 20 + i, 10);
    }
    // The small queue (filler, new*) is evicted before the main queue holding "once".
    List<String> evicted = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      evicted.add(p.evict());
    }
    assertThat(evicted).doesNotContain("once");
    assertThat(again.item()).isEqualTo("once");
  }

  @Test
  void s3FifoGivesMainItemsASecondChancePerHit() {
    S3FifoPolicy<String> p = new S3FifoPolicy<>(100);
    PolicyNode<String> a = p.restore("a", 1, 10);
    PolicyNode<String> b = p.restore("b", 2, 10);
    p.touch(a);
    assertThat(p.evict()).isEqualTo("b");
    assertThat(p.evict()).isEqualTo("a");
    assertThat(b.item()).isEqualTo("b");
  }
}
