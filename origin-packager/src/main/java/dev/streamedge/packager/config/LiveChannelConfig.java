package dev.streamedge.packager.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A live channel: {@code { name: test, source: "synthetic:size=640x360:rate=25", window: 6, dvrWindow: 10m }}.
 *
 * @param name URL segment ({@code /live/{name}/master.m3u8})
 * @param source {@code synthetic:size=WxH:rate=R} (a clock drawn as a pure function of time, the same on
 *     every packager), {@code lavfi:<graph>}, {@code loop:<file>}, or any URL FFmpeg reads
 * @param window number of segments listed in the live media playlist (at least 3, RFC 8216 6.2.2)
 * @param dvrWindow how long a segment stays available after it was made
 * @param videoBitrate target bitrate of the top ({@code source}) rendition, bits per second
 * @param audioBitrate AAC bitrate, bits per second
 * @param renditions names from {@code packager.renditions} encoded in addition to the source size
 * @param frameRate output frame rate; 0 takes {@code rate=} from the source spec (or 25)
 */
public record LiveChannelConfig(
    String name,
    String source,
    int window,
    Duration dvrWindow,
    long videoBitrate,
    long audioBitrate,
    List<String> renditions,
    int frameRate) {
  public LiveChannelConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dvrWindow, "dvrWindow");
    renditions = List.copyOf(renditions);
    Names.check("name", name);
    if (source.isBlank()) {
      throw new ConfigException("source", "expected an FFmpeg input or synthetic:size=WxH:rate=R");
    }
    if (window < 3 || window > 1000) {
      throw new ConfigException("window", "expected 3..1000 segments (RFC 8216 6.2.2), got " + window);
    }
    if (videoBitrate <= 0 || audioBitrate <= 0) {
      throw new ConfigException("videoBitrate", "expected a positive bitrate");
    }
    if (frameRate < 0 || frameRate > 120) {
      throw new ConfigException("frameRate", "expected 1..120 frames per second, got " + frameRate);
    }
  }

  /** A channel with default window (6), DVR depth (10m), bitrates and no extra renditions. */
  public static LiveChannelConfig of(String name, String source) {
    return new LiveChannelConfig(name, source, 6, Duration.ofMinutes(10), 1_200_000, 96_000, List.of(), 0);
  }
}
