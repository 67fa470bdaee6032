package dev.streamedge.packager.picture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The synthetic picture of the demo asset and the live clock channel, a pure function of the frame
 * number: colour bars, a moving marker, a big clock, the frame number and a progress bar through the
 * current segment. Seeing the clock in the player shows latency; seeing the frame number shows that
 * two packagers produced the same frame.
 */
public final class TestCard {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int[] BARS = {
    YuvCanvas.color(192, 192, 192), YuvCanvas.color(192, 192, 0), YuvCanvas.color(0, 192, 192),
    YuvCanvas.color(0, 192, 0), YuvCanvas.color(192, 0, 192), YuvCanvas.color(192, 0, 0), YuvCanvas.color(0, 0, 192),
  };
  private static final int BACKGROUND = YuvCanvas.color(16, 24, 48);
  private static final int WHITE = YuvCanvas.color(235, 235, 235);
  private static final int ACCENT = YuvCanvas.color(255, 170, 0);
  private static final int GREY = YuvCanvas.color(90, 90, 110);

  private final YuvCanvas canvas;
  private final String title;
  private final int fps;
  private final int framesPerSegment;

  /**
   * @param title drawn at the top (upper-cased)
   * @param framesPerSegment frames in one segment, for the segment progress bar
   */
  public TestCard(int width, int height, String title, int fps, int framesPerSegment) {
    this.canvas = new YuvCanvas(width, height);
    this.title = Objects.requireNonNull(title, "title").toUpperCase(Locale.ROOT);
    this.fps = fps;
    this.framesPerSegment = framesPerSegment;
  }

  /**
   * Draws frame {@code frame} and returns the packed YUV 4:2:0 bytes (reused by the next call).
   *
   * @param wallClock the time to show (live: the frame's time on the channel timeline; VOD: elapsed)
   * @param showDate true to show a UTC time of day, false to show elapsed time from zero
   */
  public byte[] render(long frame, Instant wallClock, boolean showDate) {
    int w = canvas.width();
    int h = canvas.height();
    canvas.fill(BACKGROUND);
    int barH = h / 8;
    int barW = (w + BARS.length - 1) / BARS.length;
    for (int i = 0; i < BARS.length; i++) {
      canvas.fillRect(i * barW, 0, barW, barH, BARS[i]);
    }
    int titleScale = fit(title, w * 9 / 10, h / 16);
    canvas.text(title, (w - YuvCanvas.textWidth(title, titleScale)) / 2, barH + h / 30, titleScale, WHITE);

    // A marker sweeping once per second above the clock.
    int marker = Math.max(2, h / 24);
    int inSecond = (int) Math.floorMod(frame, (long) fps);
    canvas.fillRect((int) ((long) (w - marker) * inSecond / Math.max(1, fps - 1)), h * 27 / 100, marker, marker, ACCENT);

    String clock = showDate ? CLOCK.format(wallClock) : elapsed(frame);
    int clockScale = fit(clock, w * 8 / 10, h / 5);
    canvas.text(clock, (w - YuvCanvas.textWidth(clock, clockScale)) / 2, h * 35 / 100, clockScale, WHITE);

    // A band of scrolling texture: detail the encoder must spend bits on, for a realistic bit rate.
    int cell = Math.max(2, h / 45);
    canvas.texture(0, h * 62 / 100, w, h / 7, cell, frame * cell * 3 / 2);

    String counter = "FRAME " + frame + (showDate ? "  UTC" : "");
    int counterScale = fit(counter, w * 9 / 10, h / 18);
    canvas.text(counter, (w - YuvCanvas.textWidth(counter, counterScale)) / 2, h * 81 / 100, counterScale, ACCENT);

    // Progress through the current segment.
    int inSegment = (int) Math.floorMod(frame, (long) framesPerSegment);
    int trackY = h * 92 / 100;
    int trackH = Math.max(2, h / 30);
    canvas.fillRect(0, trackY, w, trackH, GREY);
    canvas.fillRect(0, trackY, (int) ((long) w * (inSegment + 1) / framesPerSegment), trackH, ACCENT);
    return canvas.data();
  }

  /** The largest font scale at which {@code text} fits {@code maxW x maxH} (at least 1). */
  private static int fit(String text, int maxW, int maxH) {
    int byWidth = maxW / Math.max(1, YuvCanvas.textWidth(text, 1));
    return Math.max(1, Math.min(byWidth, maxH / 7));
  }

  private String elapsed(long frame) {
    long hundredths = frame * 100 / fps;
    return String.format(Locale.ROOT, "%02d:%02d.%02d", hundredths / 6000, hundredths / 100 % 60, hundredths % 100);
  }
}
