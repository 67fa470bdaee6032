package dev.streamedge.packager.media;

/**
 * The video track of a media file.
 *
 * @param width pixels
 * @param height pixels
 * @param timeBase ticks per second of the track's timestamps (the denominator of a 1/N time base)
 * @param frameRateNum frame rate numerator
 * @param frameRateDen frame rate denominator
 * @param codecs RFC 6381 codecs string, e.g. {@code avc1.42c01e}
 */
public record VideoInfo(int width, int height, Rational timeBase, int frameRateNum, int frameRateDen, String codecs) {
  public double frameRate() {
    return frameRateDen == 0 ? 0 : (double) frameRateNum / frameRateDen;
  }
}
