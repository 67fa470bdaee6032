package dev.streamedge.store.engine;

import dev.streamedge.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body files of large versions: one file per generation, {@code <dir>/<generation>}, chunk
 * {@code i} at offset {@code i * chunkSize} (sparse where a sliced version has no bytes). The
 * backend keeps, per chunk, only a descriptor (data length and the CRC32C over identity and data),
 * written after the data is in the file, so a chunk is visible only once its bytes are there.
 *
 * <p>Why files: bytes in RocksDB values are copied from the page cache into a block, then into the
 * caller's buffer, then to the socket; a file can be sent with {@code sendfile} (one copy, as
 * nginx does). Small objects stay in RocksDB: a file per 2 KB playlist would cost more than it
 * saves.
 *
 * <p>Deletion is {@code unlink}: a reader that opened the file keeps reading it until it closes
 * its channel (POSIX semantics), so a version is deleted after the batch that retires it commits,
 * without waiting for in-flight sends.
 */
final class BodyFiles {
  private static final Logger log = LoggerFactory.getLogger(BodyFiles.class);

  private final Path dir;

  BodyFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the body file directory " + dir, e);
    }
  }

  Path path(long generation) {
    return dir.resolve(Long.toString(generation));
  }

  /** Opens (creating if missing) the body file of {@code generation} for writing. */
  FileChannel openForWrite(long generation) {
    try {
      return FileChannel.open(
          path(generation), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("cannot open the body file " + path(generation), e);
    }
  }

  /** Opens the body file of {@code generation} for reading, or returns null when it is gone. */
  FileChannel openForRead(long generation) {
    try {
      return FileChannel.open(path(generation), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StoreException("cannot open the body file " + path(generation), e);
    }
  }

  /** Writes all of {@code data} at {@code position}. */
  static void writeFully(FileChannel ch, ByteBuffer data, long position) throws IOException {
    long at = position;
    while (data.hasRemaining()) {
      at += ch.write(data, at);
    }
  }

  /** Reads up to {@code dst.remaining()} bytes at {@code position}; stops early only at EOF. */
  static int readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    int total = 0;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** Deletes a version's body file if it exists. Readers holding it open keep reading. */
  void delete(long generation) {
    try {
      Files.deleteIfExists(path(generation));
    } catch (IOException e) {
      log.warn("cannot delete the body file {}", path(generation), e);
    }
  }

  /** Deletes every body file whose generation is not in {@code keep}; returns how many. */
  int deleteAllExcept(Set<Long> keep) {
    List<Path> doomed = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Long generation = parse(f.getFileName().toString());
        if (generation == null || !keep.contains(generation)) {
          doomed.add(f);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the body files in " + dir, e);
    }
    for (Path f : doomed) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        log.warn("cannot delete the orphaned body file {}", f, e);
      }
    }
    return doomed.size();
  }

  private static Long parse(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
