package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Packages one segment on request by copying packets (no re-encoding) from a rendition's MP4 into
 * MPEG-TS or a CMAF fragment, keeping the source timestamps so consecutive segments are continuous.
 * Blocking; safe to call from several threads at once (each call opens its own demuxer).
 */
public final class SegmentRemuxer {
  private SegmentRemuxer() {}

  /** MPEG-TS (RFC 8216 section 3.2): each segment starts with PAT/PMT and a keyframe. */
  public static byte[] transportStream(Path file, RemuxWindow window) {
    return remux(file, window, "mpegts", Map.of(), false, 0);
  }

  /**
   * One CMAF fragment (moof+mdat, RFC 8216 section 3.3) with {@code sequenceNumber} in its mfhd and its
   * decode times absolute (tfdt), so it plays after any earlier fragment and with {@link #initSegment}.
   */
  public static byte[] fragment(Path file, RemuxWindow window, long sequenceNumber) {
    byte[] all = remux(file, window, "mp4", Fmp4.MUXER_OPTIONS, true, sequenceNumber);
    return Fmp4.mediaPart(all);
  }

  /** The fMP4 initialization segment (ftyp+moov, no samples) for {@code #EXT-X-MAP}. */
  public static byte[] initSegment(Path file) {
    byte[] all = remux(file, new RemuxWindow(0, 0, Long.MIN_VALUE, 0, Long.MIN_VALUE), "mp4", Fmp4.MUXER_OPTIONS, true, 0);
    return Fmp4.initPart(all);
  }

  private static byte[] remux(Path file, RemuxWindow w, String format, Map<String, String> options, boolean fmp4,
      long sequenceNumber) {
    try (InputFile in = InputFile.open(file, false); OutputMuxer out = OutputMuxer.toMemory(format)) {
      AVRational vtb = in.video().time_base();
      int vOut = out.addStream(in.video().codecpar(), vtb);
      int aOut = -1;
      AVRational atb = null;
      if (in.audioIndex >= 0) {
        atb = in.audio().time_base();
        aOut = out.addStream(in.audio().codecpar(), atb);
      }
      java.util.Map<String, String> opts = new java.util.HashMap<>(options);
      if (fmp4) {
        opts.put("fragment_index", Long.toString(Math.max(1, sequenceNumber + 1)));
      }
      out.writeHeader(opts);
      boolean empty = w.videoEndDts() == Long.MIN_VALUE;
      if (!empty) {
        copyPackets(in, out, w, vOut, aOut, vtb, atb);
      }
      byte[] bytes = out.finish();
      return bytes;
    }
  }

  private static void copyPackets(InputFile in, OutputMuxer out, RemuxWindow w, int vOut, int aOut, AVRational vtb,
      AVRational atb) {
    if (w.videoStartPts() > 0) {
      Natives.check(av_seek_frame(in.ctx, in.videoIndex, w.videoStartPts(), AVSEEK_FLAG_BACKWARD), "seek");
    }
    AVPacket pkt = av_packet_alloc();
    try {
      boolean videoDone = false;
      boolean audioDone = aOut < 0;
      while (!(videoDone && audioDone) && av_read_frame(in.ctx, pkt) >= 0) {
        int si = pkt.stream_index();
        if (si == in.videoIndex) {
          long dts = pkt.dts() == AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
          if (dts >= w.videoEndDts()) {
            videoDone = true;
          } else if (dts >= w.videoStartDts()) {
            pkt.stream_index(vOut);
            av_packet_rescale_ts(pkt, vtb, out.timeBase(vOut));
            pkt.pos(-1);
            out.write(pkt);
          }
        } else if (si == in.audioIndex && aOut >= 0) {
          long pts = pkt.pts() == AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
          if (pts >= w.audioEndPts()) {
            audioDone = true;
          } else if (pts >= w.audioStartPts()) {
            pkt.stream_index(aOut);
            av_packet_rescale_ts(pkt, atb, out.timeBase(aOut));
            pkt.pos(-1);
            out.write(pkt);
          }
        }
        av_packet_unref(pkt);
      }
    } finally {
      av_packet_free(pkt);
    }
  }
}
