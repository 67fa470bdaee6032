package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HotObjectsTest {
  private static final long OVERHEAD = HotObjects.ENTRY_OVERHEAD;

  private static ByteBuf body(int size) {
    ByteBuf b = Unpooled.directBuffer(size, size);
    b.writeZero(size);
    return b;
  }

  private static HotObjects.Entry entry(String key, long revision, ByteBuf body) {
    return new HotObjects.Entry(key, revision, null, null, body);
  }

  @Test
  void keepsAnEntryAndHandsOutReferencesToItsBody() {
    HotObjects hot = new HotObjects(1 << 20, 64 << 10);
    ByteBuf b = Unpooled.directBuffer(5).writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
    hot.put(entry("/a", 7, b));
    HotObjects.Entry e = hot.get("/a");
    assertThat(e.revision).isEqualTo(7);
    assertThat(e.length()).isEqualTo(5);
    ByteBuf served = e.retainedBody();
    assertThat(served.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(b.refCnt()).isEqualTo(2);
    served.release();
    assertThat(hot.count()).isEqualTo(1);
    assertThat(hot.bytes()).isEqualTo(OVERHEAD + 4 + 5);
    hot.clear();
    assertThat(b.refCnt()).isZero();
    assertThat(hot.bytes()).isZero();
  }

  @Test
  void aReplacedOrRemovedEntryReleasesItsBodyAndServesNoMore() {
    HotObjects hot = new HotObjects(1 << 20, 64 << 10);
    ByteBuf first = body(100);
    hot.put(entry("/a", 1, first));
    HotObjects.Entry old = hot.get("/a");
    ByteBuf second = body(200);
    hot.put(entry("/a", 2, second));
    assertThat(first.refCnt()).as("replaced").isZero();
    assertThat(old.retainedBody()).as("a released entry hands out nothing").isNull();
    assertThat(hot.bytes()).isEqualTo(OVERHEAD + 4 + 200);

    HotObjects.Entry current = hot.get("/a");
    hot.remove(old); // no longer the entry under its key: nothing happens
    assertThat(hot.get("/a")).isSameAs(current);
    hot.remove(current);
    assertThat(second.refCnt()).isZero();
    assertThat(hot.get("/a")).isNull();
    assertThat(hot.bytes()).isZero();
  }

  @Test
  void aBodyStillBeingSentOutlivesItsEviction() {
    HotObjects hot = new HotObjects(1 << 20, 64 << 10);
    ByteBuf b = body(100);
    hot.put(entry("/a", 1, b));
    ByteBuf sending = hot.get("/a").retainedBody();
    hot.removePrefix("/");
    assertThat(b.refCnt()).isEqualTo(1);
    sending.release();
    assertThat(b.refCnt()).isZero();
  }

  @Test
  void staysWithinItsBudgetGivingUsedEntriesASecondChance() {
    long each = OVERHEAD + 4 + 1000;
    HotObjects hot = new HotObjects(3 * each, 64 << 10);
    ByteBuf a = body(1000);
    ByteBuf b = body(1000);
    ByteBuf c = body(1000);
    hot.put(entry("/a", 1, a));
    hot.put(entry("/b", 2, b));
    hot.put(entry("/c", 3, c));
    assertThat(hot.count()).isEqualTo(3);
    hot.get("/a"); // used: survives the next sweep once
    ByteBuf d = body(1000);
    hot.put(entry("/d", 4, d));
    assertThat(hot.get("/b")).as("the oldest unused entry goes").isNull();
    assertThat(b.refCnt()).isZero();
    assertThat(hot.get("/a")).isNotNull();
    assertThat(hot.bytes()).isLessThanOrEqualTo(3 * each);
    for (int i = 0; i < 100; i++) {
      hot.put(entry("/n" + i, 10 + i, body(1000)));
      assertThat(hot.bytes()).isLessThanOrEqualTo(3 * each);
    }
    assertThat(a.refCnt() + c.refCnt() + d.refCnt()).as("all evicted and released").isZero();
    hot.clear();
  }

  @Test
  void removesByPrefix() {
    HotObjects hot = new HotObjects(1 << 20, 64 << 10);
    ByteBuf x = body(10);
    ByteBuf y = body(10);
    ByteBuf z = body(10);
    hot.put(entry("/videos/a/1.ts", 1, x));
    hot.put(entry("/videos/a/2.ts", 2, y));
    hot.put(entry("/videos/b/1.ts", 3, z));
    hot.removePrefix("/videos/a/");
    assertThat(x.refCnt() + y.refCnt()).isZero();
    assertThat(hot.get("/videos/b/1.ts")).isNotNull();
    assertThat(hot.count()).isEqualTo(1);
    assertThat(hot.bytes()).isEqualTo(OVERHEAD + 2 * "/videos/b/1.ts".length() + 10);
    hot.clear();
    assertThat(z.refCnt()).isZero();
  }

  @Test
  void neverKeepsWhatIsTooLargeOrWhenDisabled() {
    HotObjects hot = new HotObjects(1 << 20, 1000);
    assertThat(hot.admits(1000)).isTrue();
    assertThat(hot.admits(1001)).isFalse();
    ByteBuf big = body(1001);
    hot.put(entry("/big", 1, big));
    assertThat(big.refCnt()).isZero();
    assertThat(hot.get("/big")).isNull();

    HotObjects off = new HotObjects(0, 1000);
    assertThat(off.enabled()).isFalse();
    assertThat(off.admits(10)).isFalse();
    ByteBuf small = body(10);
    off.put(entry("/s", 1, small));
    assertThat(small.refCnt()).isZero();
    assertThat(off.count()).isZero();
  }

  @Test
  void keepsVaryMarkersWithoutABody() {
    HotObjects hot = new HotObjects(1 << 20, 1000);
    hot.put(new HotObjects.Entry("/page", 5, null, java.util.List.of("accept-encoding"), null));
    HotObjects.Entry m = hot.get("/page");
    assertThat(m.vary).containsExactly("accept-encoding");
    assertThat(m.retainedBody()).isNull();
    assertThat(m.length()).isZero();
    hot.clear();
  }

  @Test
  void copiesAliveStayWithinTwiceTheBudgetAndAreCountedUntilTheirLastReferenceGoes() {
    HotObjects hot = new HotObjects(1000, 1000);
    ByteBuf a = hot.allocateCopy(900);
    ByteBuf b = hot.allocateCopy(900);
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(a.capacity()).isEqualTo(900);
    assertThat(hot.copyBytes()).isEqualTo(1800);
    assertThat(hot.allocateCopy(300)).as("past twice the budget").isNull();
    assertThat(hot.copyBytes()).isEqualTo(1800);

    a.writeZero(900);
    hot.put(entry("/a", 1, a)); // over the budget with the overhead: refused and released
    assertThat(hot.count()).isZero();
    assertThat(hot.copyBytes()).isEqualTo(900);

    ByteBuf inFlight = b.retainedDuplicate(); // a response still sending an evicted copy
    b.release();
    assertThat(hot.copyBytes()).as("still referenced").isEqualTo(900);
    assertThat(hot.allocateCopy(1200)).isNull();
    inFlight.release();
    assertThat(hot.copyBytes()).isZero();
    ByteBuf c = hot.allocateCopy(1200);
    assertThat(c).isNotNull();
    c.release();
    assertThat(hot.copyBytes()).isZero();
  }
}
