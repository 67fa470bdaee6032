package dev.streamedge.packager.media;

/**
 * What to encode: H.264 (libopenh264) at {@code width x height}, {@code fps} frames per second, and
 * optionally AAC stereo 48 kHz.
 *
 * @param gop frames between periodic keyframes (one segment); segment starts are also forced
 * @param audioBitrate 0 for no audio track
 */
public record EncodeSpec(int width, int height, int fps, long videoBitrate, long audioBitrate, int gop) {
  public EncodeSpec {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("even positive size required: " + width + "x" + height);
    }
    if (fps <= 0 || videoBitrate <= 0 || audioBitrate < 0 || gop <= 0) {
      throw new IllegalArgumentException("bad encode settings");
    }
  }

  public boolean hasAudio() {
    return audioBitrate > 0;
  }

  /** Samples per AAC frame. */
  public static int audioFrame() {
    return AacEncoder.FRAME;
  }

  public static int sampleRate() {
    return AacEncoder.SAMPLE_RATE;
  }
}
