package dev.streamedge.store;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows a reader the way the edge will: read what is there, register a callback when nothing is,
 * and continue on an executor when called back. No thread waits. Checks every byte against {@link
 * Bodies}.
 */
public final class Follower {
  private final ObjectReader reader;
  private final long seed;
  private final Executor executor;
  private final ByteBuffer buf;
  private long offset;
  private final long end;
  public final CompletableFuture<Long> done = new CompletableFuture<>();
  public final AtomicInteger callbacks = new AtomicInteger();

  public Follower(ObjectReader reader, long seed, long from, long end, Executor executor, int buf) {
    this.reader = reader;
    this.seed = seed;
    this.offset = from;
    this.end = end;
    this.executor = executor;
    this.buf = ByteBuffer.allocateDirect(buf);
  }

  public Follower start() {
    executor.execute(this::step);
    return this;
  }

  private void step() {
    try {
      while (offset < end) {
        buf.clear();
        int n = reader.read(offset, buf);
        if (n > 0) {
          buf.flip();
          long bad = Bodies.firstMismatch(seed, offset, buf);
          if (bad >= 0) {
            done.completeExceptionally(new AssertionError("wrong byte at " + bad));
            return;
          }
          offset += n;
        } else if (n == 0) {
          reader.onAvailable(
              offset,
              () -> {
                callbacks.incrementAndGet();
                executor.execute(this::step);
              });
          return;
        } else {
          break;
        }
      }
      done.complete(offset);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }
}
