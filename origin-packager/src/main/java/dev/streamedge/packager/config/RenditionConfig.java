package dev.streamedge.packager.config;

import java.util.Objects;

/**
 * One rung of the ABR ladder below the source: {@code { name: 360p, height: 360, videoBitrate: 800k }}.
 * The width follows the source's aspect ratio (rounded to an even number).
 *
 * @param name URL segment of the rendition ({@code /vod/{asset}/{name}/index.m3u8})
 * @param height output height in pixels (even)
 * @param videoBitrate target video bitrate in bits per second
 * @param audioBitrate target AAC bitrate in bits per second
 */
public record RenditionConfig(String name, int height, long videoBitrate, long audioBitrate) {
  /** Name reserved for the untranscoded source rendition. */
  public static final String SOURCE = "source";

  public RenditionConfig {
    Objects.requireNonNull(name, "name");
    Names.check("name", name);
    if (SOURCE.equals(name)) {
      throw new ConfigException("name", "'source' is reserved for the untranscoded rendition");
    }
    if (height < 16 || height > 4320 || height % 2 != 0) {
      throw new ConfigException("height", "expected an even number of pixels in 16..4320, got " + height);
    }
    if (videoBitrate <= 0 || audioBitrate <= 0) {
      throw new ConfigException("videoBitrate", "expected a positive bitrate");
    }
  }

  public RenditionConfig(String name, int height, long videoBitrate) {
    this(name, height, videoBitrate, 128_000);
  }
}
