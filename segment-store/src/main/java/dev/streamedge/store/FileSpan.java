package dev.streamedge.store;

import java.nio.channels.FileChannel;

/**
 * Stored bytes of an object that lie in a file, ready to be sent without copying them through the
 * JVM ({@code sendfile}, Netty's {@code DefaultFileRegion}): {@code count} bytes of {@link
 * #channel()} at {@link #position()}. Every chunk in the span passed its CRC32C check in this
 * process (see {@link ObjectReader#fileSpan}).
 *
 * <p>The span holds a reference to the version's open file (shared by its readers and their
 * spans): the channel stays open until every reader and span holding it is closed, even when the
 * object is purged or evicted meanwhile (the file is unlinked, its bytes stay readable through the
 * open channel). Never close {@link #channel()} itself; close the span, once, when the bytes are
 * sent or abandoned.
 */
public interface FileSpan extends AutoCloseable {

  /** The open file; do not close it. Valid until {@link #close()}. */
  FileChannel channel();

  /** Where the span starts in the file. */
  long position();

  /** Bytes in the span (> 0). */
  long count();

  /** Releases the span's reference to the file. Idempotent. */
  @Override
  void close();
}
