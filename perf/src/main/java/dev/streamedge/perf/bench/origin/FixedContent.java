package dev.streamedge.perf.bench.origin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The fixed objects the file origin serves under {@code /files/}: a ~2 KB HLS playlist, a 1 MiB
 * segment, a 4 MiB object (for the range row) and a 1 GiB object. Bytes are pseudo-random (a
 * repeated 1 MiB block, each MiB stamped with its index) so no cache gains from compression.
 */
public final class FixedContent {
  public static final String PLAYLIST = "/files/hls/playlist.m3u8";
  public static final String SEGMENT = "/files/hls/seg-1m.ts";
  public static final String OBJECT_4M = "/files/obj-4m.bin";
  public static final String OBJECT_1G = "/files/big/obj-1g.bin";

  public static final long SEGMENT_BYTES = 1L << 20;
  public static final long OBJECT_4M_BYTES = 4L << 20;
  public static final long OBJECT_1G_BYTES = 1L << 30;

  private FixedContent() {}

  /** Writes every object under {@code filesDir} (the origin's files folder). */
  public static void write(Path filesDir, long largeBytes) throws IOException {
    Files.createDirectories(filesDir.resolve("hls"));
    Files.createDirectories(filesDir.resolve("big"));
    Files.writeString(filesDir.resolve("hls/playlist.m3u8"), playlist(), StandardCharsets.US_ASCII);
    fill(filesDir.resolve("hls/seg-1m.ts"), SEGMENT_BYTES);
    fill(filesDir.resolve("obj-4m.bin"), OBJECT_4M_BYTES);
    fill(filesDir.resolve("big/obj-1g.bin"), largeBytes);
  }

  /** A VOD media playlist of about 2 KB. */
  static String playlist() {
    StringBuilder sb = new StringBuilder(2200);
    sb.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n")
        .append("#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (int i = 0; sb.length() < 2000; i++) {
      sb.append(String.format(Locale.ROOT, "#EXTINF:4.000,%nseg-%05d.ts%n", i));
    }
    return sb.append("#EXT-X-ENDLIST\n").toString();
  }

  private static void fill(Path file, long bytes) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(1 << 20);
    new SplittableRandom(7).nextBytes(block.array());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long mib = 0;
      for (long at = 0; at < bytes; at += block.capacity(), mib++) {
        block.clear();
        block.putLong(0, mib);
        block.limit((int) Math.min(block.capacity(), bytes - at));
        while (block.hasRemaining()) {
          ch.write(block);
        }
      }
    }
  }
}
