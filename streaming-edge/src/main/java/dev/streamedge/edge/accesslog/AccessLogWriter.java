package dev.streamedge.edge.accesslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access log lines off the request path.
 *
 * <p>{@link #offer} is what an event loop calls: an atomic counter and a lock-free queue insert. It
 * takes no lock (an event loop can never be parked behind another thread) and makes no system call:
 * it does not even wake the writer thread, which looks at the queue every 10 ms when it has run
 * dry. When the writer falls behind by {@code queueSize} records, further records are dropped and
 * counted ({@link #dropped()}, exported as {@code streamedge_access_log_dropped_total}) rather
 * than slowing viewers down.
 *
 * <p>One background thread formats, buffers (64 KiB), writes, and rotates. It flushes whenever the
 * queue runs empty and at least once a second under continuous load, so {@code tail -f} and log
 * shippers see lines promptly without a write per line. Write errors (disk full) are logged at
 * most once a minute, the affected lines counted as dropped, and the file reopened a second later.
 *
 * <p>{@link #close()} stops accepting records, lets the thread drain the queue and flush until the
 * settings' close timeout, then gives up on what is left (counted as dropped).
 */
public final class AccessLogWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
  /** How long the writer sleeps when the queue is empty; producers never wake it (no syscall for them). */
  private static final long IDLE_PARK_NANOS = 10_000_000L;
  private static final long FLUSH_EVERY_MILLIS = 1_000;
  private static final long REOPEN_AFTER_MILLIS = 1_000;
  private static final long WARN_EVERY_MILLIS = 60_000;

  private final CloudFrontLogFormat format;
  private final Clock clock;
  private final int capacity;
  private final Duration closeTimeout;
  private final LogOutput output;
  private final ConcurrentLinkedQueue<AccessRecord> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger depth = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean abandon;
  private volatile long written;
  private volatile long writeErrors;

  // Writer-thread state.
  private final LineBuffer line = new LineBuffer(1024);
  private long lastFlushMillis;
  private long reopenAtMillis;
  private long lastWarnMillis = Long.MIN_VALUE;

  private AccessLogWriter(CloudFrontLogFormat format, Clock clock, int capacity, Duration closeTimeout,
      LogOutput output, String threadName) {
    this.format = format;
    this.clock = clock;
    this.capacity = capacity;
    this.closeTimeout = closeTimeout;
    this.output = output;
    try {
      output.open(clock.millis());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the access log: " + e.getMessage(), e);
    }
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Opens the log (creating parent directories, appending to an existing file) and starts the
   * writer thread.
   *
   * @throws UncheckedIOException when the file cannot be opened: a startup error for {@code
   *     edge.accessLog.path}
   */
  public static AccessLogWriter start(AccessLogSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    CloudFrontLogFormat format = new CloudFrontLogFormat(settings.edgeLocation(), settings.logCookies());
    LogOutput output = settings.toStdout()
        ? LogOutput.stream(new FileOutputStream(FileDescriptor.out), false)
        : LogOutput.file(settings.path(), new RotationPolicy(settings.rotateSize(), settings.rotateInterval().toMillis()));
    return new AccessLogWriter(format, clock, settings.queueSize(), settings.closeTimeout(), output, "access-log");
  }

  /** A writer to any stream (never rotated); the stream is closed with the writer. */
  static AccessLogWriter toStream(OutputStream out, CloudFrontLogFormat format, int queueSize,
      Duration closeTimeout, Clock clock) {
    return new AccessLogWriter(format, clock, queueSize, closeTimeout, LogOutput.stream(out, true), "access-log");
  }

  /**
   * Queues a record for writing. Never blocks, never does I/O, safe from any thread.
   *
   * @return false when the record was dropped (queue full, or the writer is closed)
   */
  public boolean offer(AccessRecord record) {
    Objects.requireNonNull(record, "record");
    if (closing) {
      dropped.increment();
      return false;
    }
    if (depth.incrementAndGet() > capacity) {
      depth.decrementAndGet();
      dropped.increment();
      return false;
    }
    queue.offer(record);
    return true;
  }

  /** Records dropped so far: queue full, closed, write errors, or left over at close. */
  public long dropped() {
    return dropped.sum();
  }

  /** Lines written so far (handed to the file or stream; flushed within about a second). */
  public long written() {
    return written;
  }

  /** Writes that failed (each also counted in {@link #dropped()}). */
  public long writeErrors() {
    return writeErrors;
  }

  /** Records waiting for the writer thread. */
  public int queued() {
    return Math.max(0, depth.get());
  }

  public int capacity() {
    return capacity;
  }

  public CloudFrontLogFormat format() {
    return format;
  }

  /** Drains and closes within the settings' close timeout. */
  @Override
  public void close() {
    close(closeTimeout);
  }

  /**
   * Stops accepting records, writes what is queued, flushes and closes, waiting at most {@code
   * timeout}; what is still queued then is dropped (and counted). Idempotent.
   *
   * @return true when everything queued was written
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (!closed.compareAndSet(false, true)) {
      return !thread.isAlive() && queued() == 0;
    }
    closing = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (thread.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        thread.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    boolean complete = !thread.isAlive();
    if (!complete) {
      abandon = true;
      thread.interrupt();
    }
    // Also catches a record offered in the instant between the closing check and the thread's exit.
    int left = 0;
    while (queue.poll() != null) {
      depth.decrementAndGet();
      left++;
    }
    dropped.add(left);
    if (!complete) {
      log.warn("access log: {} records not written within {}; dropped", left, timeout);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return complete && left == 0;
  }

  private void run() {
    try {
      while (!abandon) {
        AccessRecord r = queue.poll();
        if (r != null) {
          depth.decrementAndGet();
          write(r);
          continue;
        }
        if (closing) {
          break;
        }
        idle();
        if (queue.isEmpty() && !closing) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("access log writer stopped", e);
      closing = true;
    } finally {
      output.close();
    }
  }

  private void write(AccessRecord r) {
    long now = clock.millis();
    line.clear();
    format.appendTo(r, line);
    try {
      if (!output.isOpen()) {
        if (now < reopenAtMillis) {
          dropped.increment();
          return;
        }
        output.open(now);
      }
      output.writeLine(line.array(), line.length(), now);
      written++;
      if (now - lastFlushMillis >= FLUSH_EVERY_MILLIS) {
        output.flush();
        lastFlushMillis = now;
      }
    } catch (IOException e) {
      failed(e, now);
    }
  }

  private void idle() {
    long now = clock.millis();
    if (!output.isOpen()) {
      return;
    }
    try {
      output.idle(now);
      lastFlushMillis = now;
    } catch (IOException e) {
      failed(e, now);
    }
  }

  private void failed(IOException e, long now) {
    writeErrors++;
    dropped.increment();
    output.close();
    reopenAtMillis = now + REOPEN_AFTER_MILLIS;
    if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= WARN_EVERY_MILLIS) {
      lastWarnMillis = now;
      log.warn("access log write failed (lines are dropped until it works again): {}", e.toString());
    }
  }
}
