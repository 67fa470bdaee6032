package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * H.264 by libopenh264 (the LGPL FFmpeg build has no libx264; see docs/packager.md for the GPL opt-in).
 * One thread and bit-exact flags, so equal input frames give equal bytes. Keyframes are forced where
 * segments start (an IDR per segment); the periodic GOP is one segment long, as a safety net.
 */
final class H264Encoder implements AutoCloseable {
  static final String CODEC = "libopenh264";

  final AVCodecContext ctx;
  private final AVPacket pkt = av_packet_alloc();

  /**
   * @param timeBase time base of the frames' pts (e.g. 1/fps or the source stream's)
   * @param globalHeader put SPS/PPS in extradata (MP4 needs it; MPEG-TS carries them in-band)
   */
  H264Encoder(int width, int height, int fps, AVRational timeBase, long bitrate, int gop, boolean globalHeader) {
    Natives.load();
    AVCodec codec = avcodec_find_encoder_by_name(CODEC);
    if (codec == null) {
      throw new MediaException("the FFmpeg build has no " + CODEC + " encoder");
    }
    ctx = avcodec_alloc_context3(codec);
    ctx.width(width);
    ctx.height(height);
    ctx.pix_fmt(AV_PIX_FMT_YUV420P);
    ctx.time_base(timeBase);
    ctx.framerate(av_make_q(fps, 1));
    ctx.bit_rate(bitrate);
    ctx.gop_size(gop);
    ctx.max_b_frames(0);
    ctx.thread_count(1);
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_BITEXACT | (globalHeader ? AV_CODEC_FLAG_GLOBAL_HEADER : 0));
    AVDictionary opts = new AVDictionary(null);
    av_dict_set(opts, "rc_mode", "bitrate", 0);
    av_dict_set(opts, "allow_skip_frames", "0", 0);
    try {
      int ret = avcodec_open2(ctx, codec, opts);
      if (ret < 0) {
        avcodec_free_context(ctx);
        Natives.check(ret, "open " + CODEC);
      }
    } finally {
      av_dict_free(opts);
    }
  }

  /** Encodes one YUV420P frame (pts in the encoder's time base), forcing an IDR when asked. */
  void encode(AVFrame frame, boolean forceKeyframe, Consumer<AVPacket> sink) {
    frame.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    Natives.check(avcodec_send_frame(ctx, frame), "encode video");
    drain(sink);
  }

  /** Flushes delayed packets (none for openh264, which has no B-frames, but the API asks for it). */
  void finish(Consumer<AVPacket> sink) {
    int ret = avcodec_send_frame(ctx, null);
    if (ret < 0 && ret != AVERROR_EOF) {
      Natives.check(ret, "flush video");
    }
    drain(sink);
  }

  private void drain(Consumer<AVPacket> sink) {
    while (true) {
      int ret = avcodec_receive_packet(ctx, pkt);
      if (ret == Natives.EAGAIN || ret == AVERROR_EOF) {
        return;
      }
      Natives.check(ret, "receive video packet");
      sink.accept(pkt);
      org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(pkt);
    }
  }

  @Override
  public void close() {
    av_packet_free(pkt);
    avcodec_free_context(ctx);
  }
}
