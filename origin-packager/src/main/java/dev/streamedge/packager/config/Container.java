package dev.streamedge.packager.config;

import java.util.Locale;

/** The segment container of an HLS rendition (RFC 8216 section 3). */
public enum Container {
  /** MPEG-2 transport stream segments ({@code .ts}). */
  TS("ts", "video/mp2t"),
  /** Fragmented MP4 / CMAF segments ({@code .m4s}) with an {@code #EXT-X-MAP} init segment. */
  FMP4("m4s", "video/mp4");

  private final String extension;
  private final String mediaType;

  Container(String extension, String mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  /** File name extension of a media segment, without the dot. */
  public String extension() {
    return extension;
  }

  /** The Content-Type of a media segment. */
  public String mediaType() {
    return mediaType;
  }

  /** Parses {@code ts} or {@code fmp4} (case-insensitive); {@code null} when it is neither. */
  public static Container parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "ts" -> TS;
      case "fmp4", "cmaf" -> FMP4;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return this == TS ? "ts" : "fmp4";
  }
}
