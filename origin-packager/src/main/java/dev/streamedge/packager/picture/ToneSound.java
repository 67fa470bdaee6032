package dev.streamedge.packager.picture;

/**
 * Stereo test sound at 48 kHz as a pure function of the sample number: a quiet 440 Hz tone and a short
 * 1 kHz tick at every whole second (so audio/video sync is audible against the clock). StrictMath keeps
 * the samples identical on every JVM.
 */
public final class ToneSound {
  public static final int SAMPLE_RATE = 48_000;

  private ToneSound() {}

  /** Fills {@code count} samples starting at absolute sample {@code first} (may be negative: silence). */
  public static void render(long first, float[] left, float[] right, int offset, int count) {
    for (int i = 0; i < count; i++) {
      long n = first + i;
      float s = 0;
      if (n >= 0) {
        long inSecond = n % SAMPLE_RATE;
        double t = (double) inSecond / SAMPLE_RATE;
        s = (float) (0.05 * StrictMath.sin(2 * Math.PI * 440 * t));
        if (inSecond < SAMPLE_RATE / 20) {
          s += (float) (0.25 * StrictMath.sin(2 * Math.PI * 1000 * t));
        }
      }
      left[offset + i] = s;
      right[offset + i] = s;
    }
  }
}
