package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.streamedge.packager.config.Container;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Encodes frames and samples given as plain arrays into one segment in memory (MPEG-TS or a CMAF
 * fragment) or into an MP4 file. Timestamps are absolute: a frame's pts is its frame number on the
 * caller's timeline (time base 1/fps), a sample's is its sample number (1/48000), so segments encoded
 * separately, even by different processes, line up exactly.
 *
 * <p>AAC has one frame of encoder delay and overlapping transforms: callers feed a little audio before
 * the segment ("pre-roll") and set {@link #keepAudio} to the segment's packet range; packets outside it
 * are dropped, so consecutive segments neither overlap nor leave gaps in audio.
 */
public final class MediaEncoder implements AutoCloseable {
  private final EncodeSpec spec;
  private final Container container;
  private final OutputMuxer out;
  private final H264Encoder video;
  private final AacEncoder audio;
  private final int videoStream;
  private final int audioStream;
  private final AVRational videoTb;
  private final AVRational audioTb;
  private long keepAudioFrom = Long.MIN_VALUE;
  private long keepAudioUntil = Long.MAX_VALUE;
  private YuvFrame frame;
  private boolean finished;

  private MediaEncoder(EncodeSpec spec, Container container, OutputMuxer out, boolean globalHeader,
      Map<String, String> options) {
    this.spec = spec;
    this.container = container;
    this.out = out;
    this.videoTb = av_make_q(1, spec.fps());
    this.audioTb = av_make_q(1, AacEncoder.SAMPLE_RATE);
    H264Encoder v = null;
    AacEncoder a = null;
    try {
      v = new H264Encoder(spec.width(), spec.height(), spec.fps(), videoTb, spec.videoBitrate(), spec.gop(), globalHeader);
      a = spec.hasAudio() ? new AacEncoder(spec.audioBitrate(), globalHeader) : null;
      videoStream = out.addStream(v.ctx);
      audioStream = a == null ? -1 : out.addStream(a.ctx);
      out.writeHeader(options);
    } catch (RuntimeException e) {
      if (v != null) {
        v.close();
      }
      if (a != null) {
        a.close();
      }
      out.close();
      throw e;
    }
    this.video = v;
    this.audio = a;
  }

  /** A segment in memory; {@code sequenceNumber} goes into the fMP4 fragment header. */
  public static MediaEncoder segment(EncodeSpec spec, Container container, long sequenceNumber) {
    Map<String, String> options = new HashMap<>();
    if (container == Container.FMP4) {
      options.putAll(Fmp4.MUXER_OPTIONS);
      options.put("fragment_index", Long.toString(Math.max(1, sequenceNumber + 1)));
      return new MediaEncoder(spec, container, OutputMuxer.toMemory("mp4"), true, options);
    }
    return new MediaEncoder(spec, container, OutputMuxer.toMemory("mpegts"), false, options);
  }

  /** A regular (progressive) MP4 file. */
  public static MediaEncoder file(EncodeSpec spec, Path mp4) {
    return new MediaEncoder(spec, null, OutputMuxer.toFile("mp4", mp4), true, Map.of());
  }

  /** The fMP4 initialization segment matching {@link #segment} with the same spec. */
  public static byte[] initSegment(EncodeSpec spec) {
    try (MediaEncoder e = segment(spec, Container.FMP4, 0)) {
      return Fmp4.initPart(e.out.finish());
    }
  }

  /** RFC 6381 codecs of what {@code spec} encodes, e.g. {@code avc1.42c01e,mp4a.40.2} (read from the encoder). */
  public static String codecs(EncodeSpec spec) {
    try (H264Encoder v = new H264Encoder(spec.width(), spec.height(), spec.fps(), av_make_q(1, spec.fps()),
        spec.videoBitrate(), spec.gop(), true)) {
      int n = v.ctx.extradata_size();
      byte[] extra = new byte[Math.max(0, n)];
      if (n > 0) {
        v.ctx.extradata().capacity(n).get(extra);
      }
      return CodecStrings.avc(extra) + (spec.hasAudio() ? ",mp4a.40.2" : "");
    }
  }

  /** The encoder's name after opening (always libopenh264 in this build; checked, never silently replaced). */
  public static String videoCodecName() {
    return H264Encoder.CODEC;
  }

  /** Keeps only audio packets with presentation time (samples) in {@code [from, until)}. */
  public void keepAudio(long from, long until) {
    keepAudioFrom = from;
    keepAudioUntil = until;
  }

  /** Encodes one frame ({@code width*height*3/2} bytes of packed YUV 4:2:0) as frame number {@code frameIndex}. */
  public void video(long frameIndex, byte[] yuv, boolean keyframe) {
    if (frame == null) {
      frame = new YuvFrame(spec.width(), spec.height());
    }
    frame.fill(yuv, frameIndex);
    video.encode(frame.frame, keyframe, this::writeVideo);
  }

  /** Encodes {@link EncodeSpec#audioFrame()} samples per channel starting at sample {@code firstSample}. */
  public void audio(long firstSample, float[] left, float[] right, int offset) {
    if (audio == null) {
      throw new IllegalStateException("no audio track");
    }
    audio.encode(left, right, offset, firstSample, this::writeAudio);
  }

  private void writeVideo(AVPacket pkt) {
    // openh264 leaves durations unset; without them MP4 cannot know how long the last frame lasts
    // (its edit list would cut it) and fMP4 fragments would end one frame early.
    if (pkt.duration() <= 0) {
      pkt.duration(1);
    }
    pkt.stream_index(videoStream);
    av_packet_rescale_ts(pkt, videoTb, out.timeBase(videoStream));
    out.write(pkt);
  }

  private void writeAudio(AVPacket pkt) {
    if (pkt.duration() <= 0) {
      pkt.duration(AacEncoder.FRAME);
    }
    if (pkt.pts() < keepAudioFrom || pkt.pts() >= keepAudioUntil) {
      return;
    }
    pkt.stream_index(audioStream);
    av_packet_rescale_ts(pkt, audioTb, out.timeBase(audioStream));
    out.write(pkt);
  }

  /**
   * Flushes the encoders and the muxer. For a segment returns its bytes (the media part only for fMP4);
   * for a file returns null.
   */
  public byte[] finish() {
    video.finish(this::writeVideo);
    if (audio != null) {
      audio.finish(this::writeAudio);
    }
    finished = true;
    byte[] bytes = out.finish();
    return container == Container.FMP4 ? Fmp4.mediaPart(bytes) : bytes;
  }

  @Override
  public void close() {
    if (frame != null) {
      frame.close();
    }
    video.close();
    if (audio != null) {
      audio.close();
    }
    out.close();
  }
}
