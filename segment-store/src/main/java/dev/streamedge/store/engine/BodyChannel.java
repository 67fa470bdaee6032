package dev.streamedge.store.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A version's open body file, shared by its readers and the {@link dev.streamedge.store.FileSpan}s
 * they hand out (positional reads and {@code sendfile} do not move a shared position): closed when
 * the last of them releases it, so a span queued for sending never finds its descriptor closed,
 * and a thousand viewers of one object hold one descriptor, not a thousand.
 */
final class BodyChannel {
  private static final Logger log = LoggerFactory.getLogger(BodyChannel.class);

  final FileChannel channel;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final Consumer<BodyChannel> onClose;

  /** Opened with one reference, the opener's; {@code onClose} runs once it is closed. */
  BodyChannel(FileChannel channel, Consumer<BodyChannel> onClose) {
    this.channel = channel;
    this.onClose = onClose;
  }

  /** Takes a reference unless the channel is already closed (or closing). */
  boolean tryRetain() {
    for (int r = refs.get(); r > 0; r = refs.get()) {
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
    return false;
  }

  void retain() {
    if (!tryRetain()) {
      throw new IllegalStateException("body channel already closed");
    }
  }

  void release() {
    int left = refs.decrementAndGet();
    if (left == 0) {
      onClose.accept(this);
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("closing a body file failed", e);
      }
    } else if (left < 0) {
      throw new IllegalStateException("body channel released too often");
    }
  }
}
