package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.store.FileSpan;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sendfile adapter: ownership of the store's file, and regions in the outbound buffer. */
class SpanRegionTest {
  @TempDir
  Path dir;

  private FileChannel file(long size) throws IOException {
    Path f = dir.resolve("body");
    Files.write(f, new byte[(int) size]);
    return FileChannel.open(f, StandardOpenOption.READ);
  }

  private static FileSpan span(FileChannel ch, long position, long count, AtomicInteger closes) {
    return new FileSpan() {
      @Override
      public FileChannel channel() {
        return ch;
      }

      @Override
      public long position() {
        return position;
      }

      @Override
      public long count() {
        return count;
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
  }

  @Test
  void releasingTheRegionClosesTheSpanNeverTheStoresFile() throws IOException {
    try (FileChannel ch = file(4096)) {
      AtomicInteger closes = new AtomicInteger();
      SpanRegion r = new SpanRegion(span(ch, 100, 1000, closes));
      assertThat(r.position()).isEqualTo(100);
      assertThat(r.count()).isEqualTo(1000);
      r.retain();
      r.release();
      assertThat(closes).hasValue(0);
      assertThat(r.release()).isTrue();
      assertThat(r.refCnt()).isZero();
      assertThat(closes).hasValue(1);
      assertThat(ch.isOpen()).isTrue();
    }
  }

  @Test
  void aSharedSpanClosesWhenItsHolderAndEveryRegionOfItAreReleased() throws IOException {
    try (FileChannel ch = file(4096)) {
      AtomicInteger closes = new AtomicInteger();
      SpanRegion.Shared shared = new SpanRegion.Shared(span(ch, 1000, 3000, closes));
      assertThat(shared.count()).isEqualTo(3000);
      shared.retain();
      SpanRegion a = new SpanRegion(shared, 0, 1000);
      shared.retain();
      SpanRegion b = new SpanRegion(shared, 2500, 500);
      assertThat(a.position()).isEqualTo(1000);
      assertThat(b.position()).isEqualTo(3500);
      assertThat(b.count()).isEqualTo(500);
      shared.retain();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpanRegion(shared, 2500, 501))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(shared.refCnt()).as("a refused region gives its reference back").isEqualTo(3);
      shared.release(); // the holder (the memory tier's entry) lets go first
      a.release();
      assertThat(closes).hasValue(0);
      b.release();
      assertThat(closes).hasValue(1);
      assertThat(ch.isOpen()).isTrue();
    }
  }

  @Test
  void aRegionWeighsItsBytesSoTheChannelTurnsUnwritable() throws IOException {
    try (FileChannel ch = file(2 << 20)) {
      EmbeddedChannel channel = new EmbeddedChannel();
      channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(128 << 10, 512 << 10));
      channel.config().setMessageSizeEstimator(new RegionSizeEstimator());
      AtomicInteger closes = new AtomicInteger();
      channel.write(new SpanRegion(span(ch, 0, 256 << 10, closes)));
      assertThat(channel.isWritable()).isTrue(); // below the high-water mark
      channel.write(new SpanRegion(span(ch, 256 << 10, 1 << 20, closes)));
      assertThat(channel.isWritable()).isFalse();
      channel.write(Unpooled.wrappedBuffer(new byte[10])); // buffers still count as before
      channel.flush();
      assertThat(channel.isWritable()).isTrue();
      for (Object m; (m = channel.readOutbound()) != null; ) {
        if (m instanceof FileRegion r) {
          r.release();
        } else {
          io.netty.util.ReferenceCountUtil.release(m);
        }
      }
      assertThat(closes).hasValue(2);
      assertThat(channel.finish()).isFalse();
    }
  }
}
