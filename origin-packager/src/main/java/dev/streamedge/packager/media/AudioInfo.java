package dev.streamedge.packager.media;

/**
 * The audio track of a media file.
 *
 * @param sampleRate samples per second
 * @param channels channel count
 * @param timeBase the track's time base
 * @param codecs RFC 6381 codecs string, e.g. {@code mp4a.40.2}
 */
public record AudioInfo(int sampleRate, int channels, Rational timeBase, String codecs) {}
