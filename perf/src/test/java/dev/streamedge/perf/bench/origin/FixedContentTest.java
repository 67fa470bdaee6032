package dev.streamedge.perf.bench.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedContentTest {
  @Test
  void writesEveryObjectAtItsSize(@TempDir Path dir) throws Exception {
    FixedContent.write(dir, 3L << 20 | 5);
    assertThat(Files.size(dir.resolve("hls/playlist.m3u8"))).isBetween(2000L, 2200L);
    assertThat(Files.size(dir.resolve("hls/seg-1m.ts"))).isEqualTo(FixedContent.SEGMENT_BYTES);
    assertThat(Files.size(dir.resolve("obj-4m.bin"))).isEqualTo(FixedContent.OBJECT_4M_BYTES);
    assertThat(Files.size(dir.resolve("big/obj-1g.bin"))).isEqualTo(3L << 20 | 5);
  }

  @Test
  void eachMebibyteIsStampedSoSlicesDiffer(@TempDir Path dir) throws Exception {
    FixedContent.write(dir, 2L << 20);
    byte[] b = Files.readAllBytes(dir.resolve("big/obj-1g.bin"));
    byte[] first = java.util.Arrays.copyOfRange(b, 0, 8);
    byte[] second = java.util.Arrays.copyOfRange(b, 1 << 20, (1 << 20) + 8);
    assertThat(first).isNotEqualTo(second);
  }
}
