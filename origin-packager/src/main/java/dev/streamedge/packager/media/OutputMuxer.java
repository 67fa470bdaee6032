package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * An FFmpeg muxer writing to memory (one segment) or to a file (a rendition). Bit-exact mode keeps
 * version strings out of the output, so equal input gives equal bytes on every packager.
 */
final class OutputMuxer implements AutoCloseable {
  private final AVFormatContext ctx;
  private final boolean memory;
  private boolean headerWritten;
  private boolean finished;

  private OutputMuxer(AVFormatContext ctx, boolean memory) {
    this.ctx = ctx;
    this.memory = memory;
  }

  static OutputMuxer toMemory(String format) {
    Natives.load();
    AVFormatContext ctx = new AVFormatContext(null);
    Natives.check(avformat_alloc_output_context2(ctx, (AVOutputFormat) null, format, null), "muxer " + format);
    AVIOContext pb = new AVIOContext(null);
    int ret = avio_open_dyn_buf(pb);
    if (ret < 0) {
      avformat_free_context(ctx);
      Natives.check(ret, "memory output");
    }
    ctx.pb(pb);
    return new OutputMuxer(ctx, true);
  }

  static OutputMuxer toFile(String format, Path file) {
    Natives.load();
    AVFormatContext ctx = new AVFormatContext(null);
    Natives.check(avformat_alloc_output_context2(ctx, (AVOutputFormat) null, format, file.toString()), "muxer " + format);
    AVIOContext pb = new AVIOContext(null);
    int ret = avio_open(pb, file.toString(), AVIO_FLAG_WRITE);
    if (ret < 0) {
      avformat_free_context(ctx);
      Natives.check(ret, "open " + file);
    }
    ctx.pb(pb);
    return new OutputMuxer(ctx, false);
  }

  /** Adds a stream copying {@code params} (remux); returns its index. */
  int addStream(AVCodecParameters params, AVRational timeBase) {
    AVStream st = avformat_new_stream(ctx, null);
    if (st == null) {
      throw new MediaException("cannot add a stream");
    }
    Natives.check(avcodec_parameters_copy(st.codecpar(), params), "copy codec parameters");
    st.codecpar().codec_tag(0);
    st.time_base(timeBase);
    return st.index();
  }

  /** Adds a stream fed by an opened encoder; returns its index. */
  int addStream(AVCodecContext encoder) {
    AVStream st = avformat_new_stream(ctx, null);
    if (st == null) {
      throw new MediaException("cannot add a stream");
    }
    Natives.check(avcodec_parameters_from_context(st.codecpar(), encoder), "codec parameters");
    st.time_base(encoder.time_base());
    return st.index();
  }

  boolean needsGlobalHeader() {
    return (ctx.oformat().flags() & org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER) != 0;
  }

  void writeHeader(Map<String, String> options) {
    AVDictionary dict = new AVDictionary(null);
    av_dict_set(dict, "fflags", "+bitexact", 0);
    for (Map.Entry<String, String> e : options.entrySet()) {
      av_dict_set(dict, e.getKey(), e.getValue(), 0);
    }
    try {
      Natives.check(avformat_write_header(ctx, dict), "write header");
      headerWritten = true;
    } finally {
      av_dict_free(dict);
    }
  }

  /** The stream's time base as the muxer chose it (valid after the header). */
  AVRational timeBase(int stream) {
    return ctx.streams(stream).time_base();
  }

  /** Writes and takes the packet's reference (the packet is left blank). */
  void write(AVPacket pkt) {
    Natives.check(av_interleaved_write_frame(ctx, pkt), "write packet");
  }

  /** Writes the trailer; for memory output returns the bytes, for a file returns null. */
  byte[] finish() {
    if (headerWritten) {
      Natives.check(av_write_trailer(ctx), "write trailer");
    }
    finished = true;
    return closeOutput();
  }

  private byte[] closeOutput() {
    AVIOContext pb = ctx.pb();
    if (pb == null || pb.isNull()) {
      return null;
    }
    ctx.pb(null);
    if (memory) {
      BytePointer buf = new BytePointer((org.bytedeco.javacpp.Pointer) null);
      int size = avio_close_dyn_buf(pb, buf);
      try {
        byte[] out = new byte[Math.max(0, size)];
        if (size > 0) {
          buf.capacity(size).get(out);
        }
        return out;
      } finally {
        av_free(buf);
      }
    }
    avio_closep(pb);
    return null;
  }

  @Override
  public void close() {
    if (!finished) {
      closeOutput();
    }
    avformat_free_context(ctx);
  }
}
