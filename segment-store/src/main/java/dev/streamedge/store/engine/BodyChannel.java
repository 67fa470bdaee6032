package dev.streamedge.store.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's open body file, shared with the {@link dev.streamedge.store.FileSpan}s it handed out:
 * closed when the reader and every span have released it, so a span queued for sending never
 * finds its descriptor closed (or, worse, reused for another file).
 */
final class BodyChannel {
  private static final Logger log = LoggerFactory.getLogger(BodyChannel.class);

  final FileChannel channel;
  private final AtomicInteger refs = new AtomicInteger(1);

  BodyChannel(FileChannel channel) {
    this.channel = channel;
  }

  void retain() {
    if (refs.getAndIncrement() <= 0) {
      throw new IllegalStateException("body channel already closed");
    }
  }

  void release() {
    int left = refs.decrementAndGet();
    if (left == 0) {
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
