package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Decodes one stream (video or audio) of an input; frames carry best-effort timestamps in the stream time base. */
final class VideoDecoder implements AutoCloseable {
  private final AVCodecContext ctx;
  private final AVFrame frame = av_frame_alloc();

  VideoDecoder(AVStream stream, int threads) {
    AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
    if (codec == null) {
      throw new MediaException("no decoder for codec id " + stream.codecpar().codec_id());
    }
    ctx = avcodec_alloc_context3(codec);
    Natives.check(avcodec_parameters_to_context(ctx, stream.codecpar()), "decoder parameters");
    ctx.pkt_timebase(stream.time_base());
    ctx.thread_count(threads);
    int ret = avcodec_open2(ctx, codec, (AVDictionary) null);
    if (ret < 0) {
      avcodec_free_context(ctx);
      av_frame_free(frame);
      Natives.check(ret, "open decoder");
    }
  }

  /** Decodes {@code pkt} (null flushes) and hands every frame out, then unreferences it. */
  void decode(AVPacket pkt, Consumer<AVFrame> sink) {
    int ret = avcodec_send_packet(ctx, pkt);
    if (ret < 0 && ret != AVERROR_EOF && ret != Natives.EAGAIN) {
      // A corrupt packet in a live source should not stop the channel: skip it.
      return;
    }
    while (true) {
      ret = avcodec_receive_frame(ctx, frame);
      if (ret == Natives.EAGAIN || ret == AVERROR_EOF) {
        return;
      }
      Natives.check(ret, "decode");
      try {
        sink.accept(frame);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  @Override
  public void close() {
    av_frame_free(frame);
    avcodec_free_context(ctx);
  }
}
