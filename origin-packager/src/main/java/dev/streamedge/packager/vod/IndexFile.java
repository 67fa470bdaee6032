package dev.streamedge.packager.vod;

import dev.streamedge.packager.media.AudioInfo;
import dev.streamedge.packager.media.VideoInfo;
import java.util.List;

/**
 * The cached segment index of one rendition ({@code <workDir>/vod/<asset>/<rendition>.index.json}),
 * valid while the source file keeps its size and modification time and the format version matches.
 */
record IndexFile(int version, long sourceSize, long sourceModifiedMicros, VideoInfo video, AudioInfo audio,
    List<SegmentEntry> segments) {
  static final int VERSION = 1;
}
