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
    int unit = Math.max(1, h / 90);
    canvas.text(title, unit * 4, barH + unit * 4, unit * 2, WHITE);

    String clock = showDate ? CLOCK.format(wallClock) : elapsed(frame);
    int clockScale = Math.max(2, w / (YuvCanvas.textWidth(clock, 1) + 12));
    int clockW = YuvCanvas.textWidth(clock, clockScale);
    int clockY = h / 2 - clockScale * 4;
    canvas.text(clock, (w - clockW) / 2, clockY, clockScale, WHITE);

    String counter = "FRAME " + frame + (showDate ? " UTC" : "");
    canvas.text(counter, unit * 4, h - unit * 16, unit * 2, ACCENT);

    // Progress through the current segment, and a marker sweeping once per second.
    int inSegment = (int) Math.floorMod(frame, (long) framesPerSegment);
    int trackY = h - unit * 6;
    canvas.fillRect(0, trackY, w, unit * 3, GREY);
    canvas.fillRect(0, trackY, (int) ((long) w * (inSegment + 1) / framesPerSegment), unit * 3, ACCENT);
    int inSecond = (int) Math.floorMod(frame, (long) fps);
    int markerX = (int) ((long) (w - unit * 8) * inSecond / Math.max(1, fps - 1));
    canvas.fillRect(markerX, clockY - unit * 14, unit * 8, unit * 8, ACCENT);
    return canvas.data();
  }

  private String elapsed(long frame) {
    long hundredths = frame * 100 / fps;
    return String.format(Locale.ROOT, "%02d:%02d.%02d", hundredths / 6000, hundredths / 100 % 60, hundredths % 100);
  }
}
