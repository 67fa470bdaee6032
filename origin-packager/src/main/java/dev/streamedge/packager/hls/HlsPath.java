package dev.streamedge.packager.hls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the HLS resource paths below {@code /vod/} and {@code /live/} (the URL contract):
 * {@code {name}/master.m3u8}, {@code {name}/{rendition}/index.m3u8}, {@code {name}/{rendition}/init.mp4},
 * {@code {name}/{rendition}/{n}.ts|m4s}. Names are plain tokens, so no percent-decoding is needed and
 * anything else (dots, encoded characters) simply does not match. Pure.
 */
public sealed interface HlsPath {
  Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  Pattern SEGMENT = Pattern.compile("(0|[1-9][0-9]{0,17})\\.(ts|m4s)");

  /** {@code {name}/master.m3u8}. */
  record Master(String name) implements HlsPath {}

  /** {@code {name}/{rendition}/index.m3u8}. */
  record Media(String name, String rendition) implements HlsPath {}

  /** {@code {name}/{rendition}/init.mp4}. */
  record Init(String name, String rendition) implements HlsPath {}

  /** {@code {name}/{rendition}/{number}.{extension}}. */
  record Segment(String name, String rendition, long number, String extension) implements HlsPath {}

  static Optional<HlsPath> parse(String rest) {
    String[] p = rest.split("/", -1);
    if (p.length == 2 && valid(p[0]) && p[1].equals("master.m3u8")) {
      return Optional.of(new Master(p[0]));
    }
    if (p.length != 3 || !valid(p[0]) || !valid(p[1])) {
      return Optional.empty();
    }
    if (p[2].equals("index.m3u8")) {
      return Optional.of(new Media(p[0], p[1]));
    }
    if (p[2].equals("init.mp4")) {
      return Optional.of(new Init(p[0], p[1]));
    }
    Matcher m = SEGMENT.matcher(p[2]);
    if (m.matches()) {
      return Optional.of(new Segment(p[0], p[1], Long.parseLong(m.group(1)), m.group(2)));
    }
    return Optional.empty();
  }

  private static boolean valid(String name) {
    return NAME.matcher(name).matches() && !name.contains("..");
  }
}
