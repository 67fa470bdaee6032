package dev.streamedge.packager.live;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live channel's {@code source}:
 *
 * <ul>
 *   <li>{@code synthetic:size=640x360:rate=25} — the test card with a clock, rendered as a pure function
 *       of the timeline: every packager makes identical pictures (and, encoded, identical bytes).
 *   <li>{@code lavfi:<filtergraph>} — an FFmpeg lavfi source such as {@code testsrc2=size=1280x720:rate=30}.
 *   <li>{@code loop:<file>} — a media file played in a loop in real time.
 *   <li>anything else — an input URL FFmpeg reads (udp://, srt://, rtmp://, a file).
 * </ul>
 *
 * Pure.
 */
public sealed interface SourceSpec {
  Pattern SIZE = Pattern.compile("(?:^|:)size=(\\d+)x(\\d+)");
  Pattern RATE = Pattern.compile("(?:^|:)(?:rate|r)=(\\d+)");

  /** The deterministic test card. */
  record Synthetic(int width, int height, int fps) implements SourceSpec {}

  /** Any FFmpeg input. {@code format} is null unless it must be forced (lavfi). */
  record Ffmpeg(String url, String format, boolean loop, int fpsHint) implements SourceSpec {
    public Ffmpeg {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * Parses a source; {@code frameRate} (0: unset) overrides the rate found in the spec.
   *
   * @throws IllegalArgumentException with a message fit for the config error
   */
  static SourceSpec parse(String source, int frameRate) {
    String s = source.trim();
    if (s.toLowerCase(Locale.ROOT).startsWith("synthetic:") || s.equalsIgnoreCase("synthetic")) {
      String params = s.length() > 10 ? s.substring(10) : "";
      int w = 640;
      int h = 360;
      Matcher size = SIZE.matcher(params);
      if (size.find()) {
        w = Integer.parseInt(size.group(1));
        h = Integer.parseInt(size.group(2));
      }
      Matcher rate = RATE.matcher(params);
      int fps = frameRate > 0 ? frameRate : rate.find() ? Integer.parseInt(rate.group(1)) : 25;
      if (w < 16 || h < 16 || w > 3840 || h > 2160 || w % 2 != 0 || h % 2 != 0) {
        throw new IllegalArgumentException("synthetic size must be even, 16x16 to 3840x2160, got " + w + "x" + h);
      }
      if (fps < 1 || fps > 120) {
        throw new IllegalArgumentException("synthetic rate must be 1..120, got " + fps);
      }
      return new Synthetic(w, h, fps);
    }
    Matcher rate = RATE.matcher(s);
    int hint = frameRate > 0 ? frameRate : rate.find() ? Integer.parseInt(rate.group(1)) : 0;
    if (s.startsWith("lavfi:")) {
      return new Ffmpeg(s.substring(6), "lavfi", false, hint);
    }
    if (s.startsWith("loop:")) {
      return new Ffmpeg(s.substring(5), null, true, hint);
    }
    return new Ffmpeg(s, null, false, hint);
  }
}
