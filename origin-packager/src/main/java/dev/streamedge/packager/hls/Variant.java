package dev.streamedge.packager.hls;

import java.util.Objects;

/**
 * One {@code #EXT-X-STREAM-INF} (RFC 8216 section 4.3.4.2).
 *
 * @param uri media playlist URI, relative to the master playlist
 * @param bandwidth peak segment bit rate, bits per second
 * @param averageBandwidth average segment bit rate, bits per second (0: omitted)
 * @param width resolution width
 * @param height resolution height
 * @param frameRateMillis frame rate in thousandths (25000 for 25 fps; 0: omitted)
 * @param codecs RFC 6381 codecs, e.g. {@code avc1.42c01e,mp4a.40.2}
 */
public record Variant(String uri, long bandwidth, long averageBandwidth, int width, int height, int frameRateMillis,
    String codecs) {
  public Variant {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(codecs, "codecs");
    if (bandwidth <= 0) {
      throw new IllegalArgumentException("BANDWIDTH must be positive");
    }
  }
}
