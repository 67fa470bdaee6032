package dev.streamedge.packager.http;

import java.nio.file.Path;
import java.util.Objects;

/** Where a representation's bytes are: a file (sent zero-copy) or a small array (playlists, remuxed segments). */
public sealed interface Content {
  /** The bytes of a regular file, read from disk when sent; the length is the representation's. */
  record FileContent(Path path) implements Content {
    public FileContent {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Bytes already in memory; never larger than one media segment. */
  record BytesContent(byte[] bytes) implements Content {
    public BytesContent {
      Objects.requireNonNull(bytes, "bytes");
    }
  }
}
