package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Reads every packet header of a file once (no decoding) to learn the tracks, keyframe positions and
 * packet timing. The VOD segment index is computed from this by pure code. Blocking.
 */
public final class MediaScanner {
  private MediaScanner() {}

  /**
   * Scans {@code file}.
   *
   * @throws MediaException when it cannot be read, has no video, or the video is not H.264 (or the
   *     audio not AAC): HLS players need H.264/AAC here
   */
  public static MediaScan scan(Path file) {
    try (InputFile in = InputFile.open(file, true)) {
      if (in.videoIndex < 0) {
        throw new MediaException(file.getFileName() + ": no video track");
      }
      AVStream vs = in.video();
      AVCodecParameters vp = vs.codecpar();
      if (vp.codec_id() != AV_CODEC_ID_H264) {
        throw new MediaException(file.getFileName() + ": video must be H.264 to be packaged without re-encoding");
      }
      AVRational fr = vs.avg_frame_rate().num() > 0 ? vs.avg_frame_rate() : vs.r_frame_rate();
      VideoInfo video = new VideoInfo(vp.width(), vp.height(), rational(vs.time_base()), fr.num(), Math.max(1, fr.den()),
          CodecStrings.avc(extradata(vp)));
      Optional<AudioInfo> audio = Optional.empty();
      AVStream as = in.audio();
      if (as != null && as.codecpar().codec_id() == AV_CODEC_ID_AAC) {
        AVCodecParameters ap = as.codecpar();
        audio = Optional.of(new AudioInfo(ap.sample_rate(), ap.ch_layout().nb_channels(), rational(as.time_base()),
            CodecStrings.aac(extradata(ap))));
      }
      int audioIndex = audio.isPresent() ? in.audioIndex : -2;
      Columns v = new Columns();
      Columns a = new Columns();
      AVPacket pkt = av_packet_alloc();
      try {
        while (av_read_frame(in.ctx, pkt) >= 0) {
          int si = pkt.stream_index();
          Columns c = si == in.videoIndex ? v : si == audioIndex ? a : null;
          if (c != null) {
            long pts = pkt.pts() == AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
            long dts = pkt.dts() == AV_NOPTS_VALUE ? pts : pkt.dts();
            c.add(pts, dts, pkt.duration(), pkt.size(), (pkt.flags() & AV_PKT_FLAG_KEY) != 0);
          }
          av_packet_unref(pkt);
        }
      } finally {
        av_packet_free(pkt);
      }
      if (v.n == 0) {
        throw new MediaException(file.getFileName() + ": the video track has no packets");
      }
      return new MediaScan(video, v.table(), audio, a.table());
    }
  }

  static Rational rational(AVRational r) {
    return new Rational(r.num(), r.den());
  }

  static byte[] extradata(AVCodecParameters p) {
    int n = p.extradata_size();
    byte[] out = new byte[Math.max(0, n)];
    if (n > 0) {
      p.extradata().get(out);
    }
    return out;
  }

  /** Growable columns of packet data. */
  private static final class Columns {
    long[] pts = new long[1024];
    long[] dts = new long[1024];
    long[] dur = new long[1024];
    int[] size = new int[1024];
    boolean[] key = new boolean[1024];
    int n;

    void add(long p, long d, long du, int s, boolean k) {
      if (n == pts.length) {
        int cap = n * 2;
        pts = Arrays.copyOf(pts, cap);
        dts = Arrays.copyOf(dts, cap);
        dur = Arrays.copyOf(dur, cap);
        size = Arrays.copyOf(size, cap);
        key = Arrays.copyOf(key, cap);
      }
      pts[n] = p;
      dts[n] = d;
      dur[n] = du;
      size[n] = s;
      key[n] = k;
      n++;
    }

    PacketTable table() {
      return new PacketTable(Arrays.copyOf(pts, n), Arrays.copyOf(dts, n), Arrays.copyOf(dur, n),
          Arrays.copyOf(size, n), Arrays.copyOf(key, n));
    }
  }
}
