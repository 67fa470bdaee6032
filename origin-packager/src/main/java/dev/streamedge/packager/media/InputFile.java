package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/** An opened demuxer with its first video and first audio stream located. Close it. */
final class InputFile implements AutoCloseable {
  final AVFormatContext ctx;
  final int videoIndex;
  final int audioIndex;

  private InputFile(AVFormatContext ctx, int videoIndex, int audioIndex) {
    this.ctx = ctx;
    this.videoIndex = videoIndex;
    this.audioIndex = audioIndex;
  }

  /**
   * Opens {@code path}. {@code probe} runs avformat_find_stream_info, needed for inputs without a
   * header that describes every stream (MPEG-TS, lavfi); MP4 has a complete header, so remuxing skips it.
   */
  static InputFile open(Path path, boolean probe) {
    return open(path.toString(), null, probe);
  }

  static InputFile open(String url, org.bytedeco.ffmpeg.avformat.AVInputFormat format, boolean probe) {
    Natives.load();
    AVFormatContext ctx = new AVFormatContext(null);
    Natives.check(avformat_open_input(ctx, url, format, (AVDictionary) null), "open " + url);
    try {
      if (probe) {
        Natives.check(avformat_find_stream_info(ctx, (AVDictionary) null), "probe " + url);
      }
      int video = -1;
      int audio = -1;
      for (int i = 0; i < ctx.nb_streams(); i++) {
        int type = ctx.streams(i).codecpar().codec_type();
        if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
          video = i;
        } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0) {
          audio = i;
        }
      }
      return new InputFile(ctx, video, audio);
    } catch (RuntimeException e) {
      avformat_close_input(ctx);
      throw e;
    }
  }

  AVStream video() {
    return ctx.streams(videoIndex);
  }

  AVStream audio() {
    return audioIndex < 0 ? null : ctx.streams(audioIndex);
  }

  @Override
  public void close() {
    avformat_close_input(ctx);
  }
}
