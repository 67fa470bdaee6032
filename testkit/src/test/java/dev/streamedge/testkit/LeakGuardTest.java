package dev.streamedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakGuardTest {
  @Test
  void aBufferDroppedUnreleasedIsReported() {
    leakOne();
    List<String> leaks = new ArrayList<>();
    Await.until(
        Duration.ofSeconds(20),
        () -> {
          LeakGuard.flush();
          leaks.addAll(LeakGuard.drain());
          return !leaks.isEmpty();
        },
        "a leak report");
    assertThat(leaks.get(0)).contains("LEAK");
  }

  private static void leakOne() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(128);
    buf.writeLong(42);
    // dropped without release on purpose
  }
}
