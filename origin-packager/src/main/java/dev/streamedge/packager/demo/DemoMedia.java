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
import dev.streamedge.packager.media.EncodeSpec;
import dev.streamedge.packager.media.MediaEncoder;
import dev.streamedge.packager.picture.TestCard;
import dev.streamedge.packager.picture.ToneSound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the demo content if it is missing: {@code <mediaDir>/sample.mp4} (a 30 s test card with a
 * clock and a tone, encoded here with libopenh264 and AAC: no download), {@code <filesDir>/sample.bin}
 * (64 MiB of seeded pseudo-random bytes) and {@code <filesDir>/SHA256SUMS}. Every file gets the same bytes and
 * the same modification time on every machine, so two packagers (or two runs) serve equal ETags.
 */
public final class DemoMedia {
  private static final Logger log = LoggerFactory.getLogger(DemoMedia.class);

  /** Fixed modification time of generated files: equal validators everywhere. */
  public static final Instant GENERATED_AT = Instant.parse("2025-01-01T00:00:00Z");
  /** Size of {@code sample.bin}. */
  public static final long SAMPLE_BIN_SIZE = 64L * 1024 * 1024;
  private static final long SEED = 0x5EED_57EA_3ED6_EL;

  /** Name of the demo VOD asset ({@code /vod/sample/master.m3u8}). */
  public static final String SAMPLE_ASSET = "sample";

  /** The demo asset: 960x540, 25 fps, 30 s, a keyframe every 4 s, 2 Mbit/s H.264 + 128 kbit/s AAC. */
  public static final AssetSpec SAMPLE = new AssetSpec(960, 540, 25, 30, 4, 2_000_000);

  /**
   * What a generated asset looks like.
   *
   * @param gopSeconds keyframe interval: the packager's segment duration divides it for equal segments
   */
  public record AssetSpec(int width, int height, int fps, int seconds, int gopSeconds, long videoBitrate) {}

  private DemoMedia() {}

  /** Writes the test-card asset to {@code mp4} if it does not exist yet. */
  public static void ensureAsset(Path mp4, AssetSpec spec) throws IOException {
    if (Files.isRegularFile(mp4) && Files.size(mp4) > 0) {
      return;
    }
    Files.createDirectories(mp4.getParent());
    long t0 = System.nanoTime();
    Path tmp = Files.createTempFile(mp4.getParent(), ".asset-", ".mp4");
    try {
      writeAsset(tmp, spec);
      Files.setLastModifiedTime(tmp, FileTime.from(GENERATED_AT));
      Files.move(tmp, mp4, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    log.info("generated demo asset {} ({}x{}, {} s, H.264 by {}) in {} ms", mp4, spec.width(), spec.height(),
        spec.seconds(), MediaEncoder.videoCodecName(), (System.nanoTime() - t0) / 1_000_000);
  }

  private static void writeAsset(Path mp4, AssetSpec spec) {
    int fps = spec.fps();
    int gop = fps * spec.gopSeconds();
    long frames = (long) fps * spec.seconds();
    EncodeSpec enc = new EncodeSpec(spec.width(), spec.height(), fps, spec.videoBitrate(), 128_000, gop);
    TestCard card = new TestCard(spec.width(), spec.height(), "streamedge demo - vod", fps, gop);
    int frameSize = EncodeSpec.audioFrame();
    float[] left = new float[frameSize];
    float[] right = new float[frameSize];
    long totalSamples = frames * EncodeSpec.sampleRate() / fps;
    long nextSample = 0;
    try (MediaEncoder e = MediaEncoder.file(enc, mp4)) {
      for (long f = 0; f < frames; f++) {
        e.video(f, card.render(f, GENERATED_AT, false), f % gop == 0);
        long until = Math.min(totalSamples, (f + 1) * EncodeSpec.sampleRate() / fps);
        while (nextSample < until) {
          ToneSound.render(nextSample, left, right, 0, frameSize);
          e.audio(nextSample, left, right, 0);
          nextSample += frameSize;
        }
      }
      e.finish();
    }
  }

  /**
   * Generates whatever is missing. Either folder may be null (then nothing is made there). Safe to call
   * concurrently from two packagers sharing folders: files are written to a temporary name and moved.
   *
   * @throws UncheckedIOException when a folder cannot be written
   */
  public static void ensure(Path mediaDir, Path filesDir) {
    try {
      if (mediaDir != null) {
        ensureAsset(mediaDir.resolve(SAMPLE_ASSET + ".mp4"), SAMPLE);
      }
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
