package dev.streamedge.edge.accesslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the writer thread puts formatted lines: a rotating file or a plain stream (standard output,
 * tests). Used by one thread only.
 */
abstract sealed class LogOutput {
  static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] HEADER = CloudFrontLogFormat.HEADER.getBytes(StandardCharsets.US_ASCII);

  /** Opens (or reopens after a failure) the output. */
  abstract void open(long nowMillis) throws IOException;

  abstract boolean isOpen();

  /** Writes one complete line, rotating first if it is due. */
  abstract void writeLine(byte[] line, int len, long nowMillis) throws IOException;

  /** Nothing is waiting: a chance to flush and to rotate a file whose period has ended. */
  abstract void idle(long nowMillis) throws IOException;

  abstract void flush() throws IOException;

  /** Flushes and releases; safe to call when not open. */
  abstract void close();

  static LogOutput file(Path path, RotationPolicy policy) {
    return new RotatingFile(path, policy);
  }

  static LogOutput stream(OutputStream out, boolean closeWhenDone) {
    return new Stream(out, closeWhenDone);
  }

  /** A stream that is never rotated: standard output, or a test's stream. */
  static final class Stream extends LogOutput {
    private final OutputStream target;
    private final boolean closeWhenDone;
    private BufferedOutputStream out;

    Stream(OutputStream target, boolean closeWhenDone) {
      this.target = Objects.requireNonNull(target, "target");
      this.closeWhenDone = closeWhenDone;
    }

    @Override
    void open(long nowMillis) throws IOException {
      if (out == null) {
        out = new BufferedOutputStream(target, BUFFER_BYTES);
        out.write(HEADER);
      }
    }

    @Override
    boolean isOpen() {
      return out != null;
    }

    @Override
    void writeLine(byte[] line, int len, long nowMillis) throws IOException {
      out.write(line, 0, len);
    }

    @Override
    void idle(long nowMillis) throws IOException {
      flush();
    }

    @Override
    void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    @Override
    void close() {
      try {
        flush();
        if (closeWhenDone) {
          target.close();
        }
      } catch (IOException e) {
        LoggerFactory.getLogger(LogOutput.class).warn("access log: closing the output failed: {}", e.toString());
      }
      out = null;
    }
  }

  /** The live file plus rotation by size and time; every file starts with the header lines. */
  static final class RotatingFile extends LogOutput {
    private static final Logger log = LoggerFactory.getLogger(RotatingFile.class);

    private final Path path;
    private final RotationPolicy policy;
    private OutputStream out;
    private long bytes;
    private boolean hasRecords;
    private long openedMillis;
    private long boundary;
    /** Only regular files are rotated: renaming /dev/null or a FIFO a log agent reads would be wrong. */
    private boolean rotatable;
    /** After a failed rename, no new attempt before this (the file keeps growing meanwhile). */
    private long retryRotationAt = Long.MIN_VALUE;

    RotatingFile(Path path, RotationPolicy policy) {
      this.path = Objects.requireNonNull(path, "path");
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    void open(long nowMillis) throws IOException {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      try {
        long size = ch.size();
        out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES);
        bytes = size;
        hasRecords = size > HEADER.length;
        if (size == 0) {
          out.write(HEADER);
          bytes = HEADER.length;
        } else if (!endsWithNewline(size)) {
          // A crash can leave half a line; end it so the next line parses.
          out.write('\n');
          bytes++;
        }
      } catch (IOException | RuntimeException e) {
        ch.close();
        out = null;
        throw e;
      }
      openedMillis = nowMillis;
      rotatable = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
      boundary = rotatable ? policy.nextBoundary(nowMillis) : Long.MAX_VALUE;
    }

    private boolean endsWithNewline(long size) throws IOException {
      try (FileChannel r = FileChannel.open(path, StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.allocate(1);
        return r.read(b, size - 1) == 1 && b.get(0) == '\n';
      }
    }

    @Override
    boolean isOpen() {
      return out != null;
    }

    @Override
    void writeLine(byte[] line, int len, long nowMillis) throws IOException {
      if (rotatable && hasRecords && nowMillis >= retryRotationAt
          && (nowMillis >= boundary || policy.sizeDue(bytes, len))) {
        rotate(nowMillis);
      } else if (nowMillis >= boundary) {
        boundary = policy.nextBoundary(nowMillis); // nothing logged in that period: keep the file
      }
      out.write(line, 0, len);
      bytes += len;
      hasRecords = true;
    }

    @Override
    void idle(long nowMillis) throws IOException {
      if (rotatable && hasRecords && nowMillis >= retryRotationAt && nowMillis >= boundary) {
        rotate(nowMillis);
      }
      flush();
    }

    @Override
    void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    private void rotate(long nowMillis) throws IOException {
      OutputStream old = out;
      out = null;
      old.close();
      Path target = moveAside();
      if (target != null) {
        log.info("access log rotated to {}", target.getFileName());
      } else {
        retryRotationAt = nowMillis + 60_000;
      }
      open(nowMillis);
    }

    /** Renames the live file to its timestamped name; null when that failed (the file is reused). */
    private Path moveAside() {
      for (int attempt = 0; attempt < 1000; attempt++) {
        Path target = RotationPolicy.rotatedName(path, openedMillis, attempt);
        // rename(2) replaces an existing target silently, so look first (only this thread rotates).
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          return Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          log.warn("access log: could not rotate {} to {}: {}; continuing in the same file", path, target, e.toString());
          return null;
        }
      }
      log.warn("access log: no free rotated name for {}; continuing in the same file", path);
      return null;
    }

    @Override
    void close() {
      if (out == null) {
        return;
      }
      try {
        out.close();
      } catch (IOException e) {
        log.warn("access log: closing {} failed: {}", path, e.toString());
      }
      out = null;
    }
  }
}
