package dev.streamedge.packager.files;

import dev.streamedge.packager.http.Content;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.http.Representation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the files of one folder. A path is decoded and checked by {@link ConfinedPath}, resolved, and its
 * real path (symlinks followed) must still be inside the folder's real path, else 404: a link that points
 * out is indistinguishable from a missing file.
 *
 * <p>The strong ETag is {@code "<size hex>-<mtime µs hex>"}: cheap for multi-GiB files, and equal on two
 * packagers that share the folder (or copies with preserved times), which is what an edge switching
 * origins mid-body with If-Range needs. Blocking (stat): call from a worker thread.
 */
public final class FileOrigin {
  private static final Logger log = LoggerFactory.getLogger(FileOrigin.class);
  private static final String NOT_FOUND_CACHE = "public, max-age=10";

  private final Path root;
  private final String cacheControl;

  public FileOrigin(Path folder, Duration maxAge) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(maxAge, "maxAge");
    this.root = realOrSelf(folder);
    this.cacheControl = "public, max-age=" + maxAge.toSeconds();
  }

  private static Path realOrSelf(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      log.warn("files folder {} is not readable yet ({}); /files/ answers 404 until it is", folder, e.toString());
      return folder.toAbsolutePath().normalize();
    }
  }

  /** Finds {@code rawRelative} (still percent-encoded, below {@code /files/}). */
  public Lookup lookup(String rawRelative) {
    ConfinedPath.Decoded decoded = ConfinedPath.decode(rawRelative);
    if (decoded instanceof ConfinedPath.Refused refused) {
      return Lookup.badRequest("Bad Request: " + refused.reason());
    }
    Path candidate = root;
    for (String segment : ((ConfinedPath.Segments) decoded).segments()) {
      candidate = candidate.resolve(segment);
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        log.info("refused /files/{}: resolves outside the served folder", rawRelative);
        return Lookup.notFound("Not Found", NOT_FOUND_CACHE);
      }
      BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return Lookup.notFound("Not Found", NOT_FOUND_CACHE);
      }
      long size = attrs.size();
      long micros = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
      String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(micros) + "\"";
      return new Lookup.Found(
          new Representation(
              MediaTypes.of(real.getFileName().toString()), size, etag, attrs.lastModifiedTime().toInstant(),
              cacheControl, new Content.FileContent(real)));
    } catch (NoSuchFileException e) {
      return Lookup.notFound("Not Found", NOT_FOUND_CACHE);
    } catch (IOException | SecurityException e) {
      log.debug("cannot read /files/{}: {}", rawRelative, e.toString());
      return Lookup.notFound("Not Found", NOT_FOUND_CACHE);
    }
  }
}
