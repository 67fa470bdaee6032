package dev.streamedge.packager.picture;

/**
 * A YUV 4:2:0 picture (BT.601 limited range) in one packed array: Y plane, then U, then V. Width and
 * height are even. Drawing is integer arithmetic only, so it is exact and identical everywhere.
 */
public final class YuvCanvas {
  private final int width;
  private final int height;
  private final byte[] data;

  public YuvCanvas(int width, int height) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("even positive size required: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.data = new byte[width * height * 3 / 2];
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The packed planes; the array is reused by later drawing. */
  public byte[] data() {
    return data;
  }

  /** An RGB color converted to BT.601 limited-range YUV, packed as 0xYYUUVV. */
  public static int color(int r, int g, int b) {
    int y = (66 * r + 129 * g + 25 * b + 128 >> 8) + 16;
    int u = (-38 * r - 74 * g + 112 * b + 128 >> 8) + 128;
    int v = (112 * r - 94 * g - 18 * b + 128 >> 8) + 128;
    return clamp(y) << 16 | clamp(u) << 8 | clamp(v);
  }

  private static int clamp(int c) {
    return Math.max(0, Math.min(255, c));
  }

  public void fill(int yuv) {
    fillRect(0, 0, width, height, yuv);
  }

  /** Fills a rectangle, clipped to the canvas; chroma is written for the 2x2 blocks it covers. */
  public void fillRect(int x, int y, int w, int h, int yuv) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    if (x0 >= x1 || y0 >= y1) {
      return;
    }
    byte yy = (byte) (yuv >> 16);
    byte uu = (byte) (yuv >> 8);
    byte vv = (byte) yuv;
    for (int row = y0; row < y1; row++) {
      java.util.Arrays.fill(data, row * width + x0, row * width + x1, yy);
    }
    int cw = width / 2;
    int uBase = width * height;
    int vBase = uBase + cw * (height / 2);
    for (int row = y0 / 2; row < (y1 + 1) / 2; row++) {
      java.util.Arrays.fill(data, uBase + row * cw + x0 / 2, uBase + row * cw + (x1 + 1) / 2, uu);
      java.util.Arrays.fill(data, vBase + row * cw + x0 / 2, vBase + row * cw + (x1 + 1) / 2, vv);
    }
  }

  /**
   * Fills a rectangle with a coarse pseudo-random luma texture that scrolls with {@code phase}: detail
   * an encoder has to spend bits on, so generated video has a realistic bit rate. Integer hash only.
   */
  public void texture(int x, int y, int w, int h, int cell, long phase) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    for (int row = y0; row < y1; row++) {
      int cy = (row - y) / cell;
      for (int col = x0; col < x1; col++) {
        long cx = (col - x + phase) / cell;
        long z = cx * 0x9E3779B97F4A7C15L + cy * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        data[row * width + col] = (byte) (40 + (int) ((z >>> 40) & 0xFF) * 180 / 255);
      }
    }
    int cw = width / 2;
    int uBase = width * height;
    int vBase = uBase + cw * (height / 2);
    for (int row = y0 / 2; row < (y1 + 1) / 2; row++) {
      java.util.Arrays.fill(data, uBase + row * cw + x0 / 2, uBase + row * cw + (x1 + 1) / 2, (byte) 128);
      java.util.Arrays.fill(data, vBase + row * cw + x0 / 2, vBase + row * cw + (x1 + 1) / 2, (byte) 128);
    }
  }

  /** Draws {@code text} with the bitmap font, each font pixel a {@code scale} x {@code scale} square. */
  public void text(String text, int x, int y, int scale, int yuv) {
    int cx = x;
    for (int i = 0; i < text.length(); i++) {
      int[] rows = BitmapFont.glyph(text.charAt(i));
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < BitmapFont.WIDTH; c++) {
          if ((rows[r] >> (BitmapFont.WIDTH - 1 - c) & 1) != 0) {
            fillRect(cx + c * scale, y + r * scale, scale, scale, yuv);
          }
        }
      }
      cx += (BitmapFont.WIDTH + 1) * scale;
    }
  }

  /** Width in pixels of {@code text} drawn at {@code scale}. */
  public static int textWidth(String text, int scale) {
    return text.isEmpty() ? 0 : (text.length() * (BitmapFont.WIDTH + 1) - 1) * scale;
  }
}
