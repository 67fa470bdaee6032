package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/** AAC-LC, 48 kHz stereo, by FFmpeg's native encoder; fed 1024-sample frames of planar floats. */
final class AacEncoder implements AutoCloseable {
  static final int SAMPLE_RATE = 48_000;
  static final int FRAME = 1024;

  final AVCodecContext ctx;
  private final AVFrame frame;
  private final AVPacket pkt = av_packet_alloc();

  AacEncoder(long bitrate, boolean globalHeader) {
    Natives.load();
    AVCodec codec = avcodec_find_encoder_by_name("aac");
    if (codec == null) {
      throw new MediaException("the FFmpeg build has no aac encoder");
    }
    ctx = avcodec_alloc_context3(codec);
    ctx.sample_fmt(AV_SAMPLE_FMT_FLTP);
    ctx.sample_rate(SAMPLE_RATE);
    av_channel_layout_default(ctx.ch_layout(), 2);
    ctx.bit_rate(bitrate);
    ctx.time_base(av_make_q(1, SAMPLE_RATE));
    ctx.thread_count(1);
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_BITEXACT | (globalHeader ? AV_CODEC_FLAG_GLOBAL_HEADER : 0));
    int ret = avcodec_open2(ctx, codec, (AVDictionary) null);
    if (ret < 0) {
      avcodec_free_context(ctx);
      Natives.check(ret, "open aac");
    }
    frame = av_frame_alloc();
    frame.nb_samples(FRAME);
    frame.format(AV_SAMPLE_FMT_FLTP);
    frame.sample_rate(SAMPLE_RATE);
    av_channel_layout_default(frame.ch_layout(), 2);
    Natives.check(av_frame_get_buffer(frame, 0), "audio frame");
  }

  /** Encodes 1024 samples per channel starting at sample {@code pts} (time base 1/48000). */
  void encode(float[] left, float[] right, int offset, long pts, Consumer<AVPacket> sink) {
    Natives.check(av_frame_make_writable(frame), "audio frame writable");
    new FloatPointer(frame.data(0)).capacity(FRAME).put(left, offset, FRAME);
    new FloatPointer(frame.data(1)).capacity(FRAME).put(right, offset, FRAME);
    frame.pts(pts);
    Natives.check(avcodec_send_frame(ctx, frame), "encode audio");
    drain(sink);
  }

  void finish(Consumer<AVPacket> sink) {
    int ret = avcodec_send_frame(ctx, null);
    if (ret < 0 && ret != AVERROR_EOF) {
      Natives.check(ret, "flush audio");
    }
    drain(sink);
  }

  private void drain(Consumer<AVPacket> sink) {
    while (true) {
      int ret = avcodec_receive_packet(ctx, pkt);
      if (ret == Natives.EAGAIN || ret == AVERROR_EOF) {
        return;
      }
      Natives.check(ret, "receive audio packet");
      sink.accept(pkt);
      av_packet_unref(pkt);
    }
  }

  @Override
  public void close() {
    av_frame_free(frame);
    av_packet_free(pkt);
    avcodec_free_context(ctx);
  }
}
