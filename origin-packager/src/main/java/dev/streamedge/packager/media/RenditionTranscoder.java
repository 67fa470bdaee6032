package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Makes a lower rendition of a VOD asset once: video decoded, scaled and re-encoded with libopenh264
 * with an IDR forced at every segment start of the source (so all renditions cut at the same
 * instants), audio copied as is. Keeps the source timestamps. Blocking and CPU-heavy: run it on the
 * transcode executor.
 */
public final class RenditionTranscoder {
  private RenditionTranscoder() {}

  /**
   * @param cutMicros segment starts of the source, µs from its first frame
   * @param gop periodic keyframe interval in frames (one segment), as a safety net between cuts
   * @param progress receives whole percentages as they are reached
   * @param cancelled polled between packets; true stops the work with a MediaException
   */
  public static void transcode(Path source, Path target, int height, long videoBitrate, long[] cutMicros, int gop,
      IntConsumer progress, BooleanSupplier cancelled) {
    try (InputFile in = InputFile.open(source, true)) {
      AVStream vs = in.video();
      int srcW = vs.codecpar().width();
      int srcH = vs.codecpar().height();
      int width = Math.max(2, (int) Math.round((double) srcW * height / srcH / 2) * 2);
      AVRational fr = vs.avg_frame_rate().num() > 0 ? vs.avg_frame_rate() : vs.r_frame_rate();
      int fps = Math.max(1, (int) Math.round((double) fr.num() / Math.max(1, fr.den())));
      AVRational vtb = vs.time_base();
      long totalTicks = vs.duration() > 0 ? vs.duration() : 0;
      try (OutputMuxer out = OutputMuxer.toFile("mp4", target);
          H264Encoder enc = new H264Encoder(width, height, fps, vtb, videoBitrate, gop, true);
          VideoDecoder dec = new VideoDecoder(vs, 2);
          FrameScaler scaler = new FrameScaler(width, height)) {
        int vOut = out.addStream(enc.ctx);
        AVStream as = in.audio();
        int aOut = as == null ? -1 : out.addStream(as.codecpar(), as.time_base());
        out.writeHeader(Map.of());
        CutClock cuts = new CutClock(cutMicros, vtb.num(), vtb.den(), Math.max(1, vtb.den() / (vtb.num() * (long) fps) / 2));
        int[] lastPercent = {-1};
        long frameTicks = Math.max(1, Math.round((double) vtb.den() * fr.den() / ((double) vtb.num() * fr.num())));
        java.util.function.Consumer<AVPacket> writeVideo = p -> {
          if (p.duration() <= 0) {
            p.duration(frameTicks);
          }
          p.stream_index(vOut);
          av_packet_rescale_ts(p, vtb, out.timeBase(vOut));
          out.write(p);
        };
        java.util.function.Consumer<AVFrame> onFrame = f -> {
          long pts = f.best_effort_timestamp();
          if (pts == AV_NOPTS_VALUE) {
            pts = f.pts();
          }
          AVFrame scaled = scaler.scale(f);
          scaled.pts(pts);
          enc.encode(scaled, cuts.isCut(pts), writeVideo);
          if (totalTicks > 0) {
            int percent = (int) Math.min(100, (pts - cuts.first()) * 100 / totalTicks);
            if (percent / 10 > lastPercent[0] / 10) {
              lastPercent[0] = percent;
              progress.accept(percent);
            }
          }
        };
        AVPacket pkt = av_packet_alloc();
        try {
          while (av_read_frame(in.ctx, pkt) >= 0) {
            if (cancelled.getAsBoolean()) {
              throw new MediaException("transcode cancelled");
            }
            if (pkt.stream_index() == in.videoIndex) {
              dec.decode(pkt, onFrame);
            } else if (pkt.stream_index() == in.audioIndex && aOut >= 0) {
              pkt.stream_index(aOut);
              av_packet_rescale_ts(pkt, as.time_base(), out.timeBase(aOut));
              pkt.pos(-1);
              out.write(pkt);
            }
            av_packet_unref(pkt);
          }
          dec.decode(null, onFrame);
          enc.finish(writeVideo);
        } finally {
          av_packet_free(pkt);
        }
        out.finish();
        progress.accept(100);
      }
    }
  }

  /** Decides which frames start a segment: the first frame, and those at the source's cut times. */
  private static final class CutClock {
    private final long[] micros;
    private final int num;
    private final int den;
    private final long halfFrame;
    private long first = Long.MIN_VALUE;
    private int next = 1;

    CutClock(long[] micros, int num, int den, long halfFrame) {
      this.micros = micros;
      this.num = num;
      this.den = den;
      this.halfFrame = halfFrame;
    }

    long first() {
      return first == Long.MIN_VALUE ? 0 : first;
    }

    boolean isCut(long pts) {
      if (first == Long.MIN_VALUE) {
        first = pts;
        return true;
      }
      boolean cut = false;
      while (next < micros.length) {
        long at = first + Math.round(micros[next] * (double) den / (1_000_000.0 * num));
        if (pts + halfFrame < at) {
          break;
        }
        cut = cut || Math.abs(pts - at) <= halfFrame || pts > at;
        next++;
      }
      return cut;
    }
  }
}
