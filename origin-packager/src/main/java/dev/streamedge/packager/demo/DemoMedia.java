package dev.streamedge.packager.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the demo content if it is missing: {@code <filesDir>/sample.bin} (64 MiB of seeded pseudo-random
 * bytes), {@code <filesDir>/SHA256SUMS}, and later the demo VOD asset. Every file gets the same bytes and
 * the same modification time on every machine, so two packagers (or two runs) serve equal ETags.
 */
public final class DemoMedia {
  private static final Logger log = LoggerFactory.getLogger(DemoMedia.class);

  /** Fixed modification time of generated files: equal validators everywhere. */
  public static final Instant GENERATED_AT = Instant.parse("2025-01-01T00:00:00Z");
  /** Size of {@code sample.bin}. */
  public static final long SAMPLE_BIN_SIZE = 64L * 1024 * 1024;
  private static final long SEED = 0x5EED_57EA_3ED6_EL;

  private DemoMedia() {}

  /**
   * Generates whatever is missing. Either folder may be null (then nothing is made there). Safe to call
   * concurrently from two packagers sharing folders: files are written to a temporary name and moved.
   *
   * @throws UncheckedIOException when a folder cannot be written
   */
  public static void ensure(Path mediaDir, Path filesDir) {
    try {
      if (filesDir != null) {
        ensureFiles(filesDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate demo content: " + e.getMessage(), e);
    }
  }

  static void ensureFiles(Path filesDir) throws IOException {
    Files.createDirectories(filesDir);
    Path bin = filesDir.resolve("sample.bin");
    if (!Files.exists(bin) || Files.size(bin) != SAMPLE_BIN_SIZE) {
      long t0 = System.nanoTime();
      String sha = writeSeeded(bin, SAMPLE_BIN_SIZE);
      Path sums = filesDir.resolve("SHA256SUMS");
      writeAtomically(sums, (sha + "  sample.bin\n").getBytes(StandardCharsets.US_ASCII));
      log.info("generated demo file {} (64 MiB) in {} ms", bin, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static String writeSeeded(Path target, long size) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".sample-", ".tmp");
    SplittableRandom random = new SplittableRandom(SEED);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long written = 0; written < size; ) {
        buf.clear();
        int n = (int) Math.min(buf.capacity(), size - written);
        for (int i = 0; i < n; i += 8) {
          buf.putLong(random.nextLong());
        }
        buf.flip();
        buf.limit(n);
        sha.update(buf.array(), 0, n);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        written += n;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.setLastModifiedTime(tmp, FileTime.from(GENERATED_AT));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return HexFormat.of().formatHex(sha.digest());
  }

  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".demo-", ".tmp");
    Files.write(tmp, bytes);
    Files.setLastModifiedTime(tmp, FileTime.from(GENERATED_AT));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
