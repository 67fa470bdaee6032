package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BITEXACT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

/** Converts decoded frames of any size and pixel format to YUV 4:2:0 at a fixed size (bit-exact swscale). */
final class FrameScaler implements AutoCloseable {
  final AVFrame out;
  private final int width;
  private final int height;
  private SwsContext sws;
  private int srcW;
  private int srcH;
  private int srcFmt = -1;

  FrameScaler(int width, int height) {
    this.width = width;
    this.height = height;
    out = av_frame_alloc();
    out.format(AV_PIX_FMT_YUV420P);
    out.width(width);
    out.height(height);
    Natives.check(av_frame_get_buffer(out, 0), "scaled frame");
  }

  AVFrame scale(AVFrame in) {
    if (sws == null || in.width() != srcW || in.height() != srcH || in.format() != srcFmt) {
      if (sws != null) {
        sws_freeContext(sws);
      }
      srcW = in.width();
      srcH = in.height();
      srcFmt = in.format();
      sws = sws_getContext(srcW, srcH, srcFmt, width, height, AV_PIX_FMT_YUV420P,
          SWS_BICUBIC | SWS_ACCURATE_RND | SWS_BITEXACT, null, null, (DoublePointer) null);
      if (sws == null) {
        throw new MediaException("cannot scale " + srcW + "x" + srcH + " format " + srcFmt);
      }
    }
    Natives.check(av_frame_make_writable(out), "scaled frame writable");
    sws_scale(sws, new PointerPointer<>(in.data()), in.linesize(), 0, srcH, new PointerPointer<>(out.data()), out.linesize());
    return out;
  }

  /** Copies the scaled frame's planes into a packed array of {@code width*height*3/2} bytes. */
  void copyTo(byte[] yuv) {
    int cw = width / 2;
    int ch = height / 2;
    copyPlane(0, width, height, yuv, 0);
    copyPlane(1, cw, ch, yuv, width * height);
    copyPlane(2, cw, ch, yuv, width * height + cw * ch);
  }

  private void copyPlane(int plane, int w, int h, byte[] dst, int offset) {
    int stride = out.linesize(plane);
    org.bytedeco.javacpp.BytePointer p = new org.bytedeco.javacpp.BytePointer(out.data(plane)).capacity((long) stride * h);
    for (int y = 0; y < h; y++) {
      p.position((long) y * stride).get(dst, offset + y * w, w);
    }
  }

  @Override
  public void close() {
    if (sws != null) {
      sws_freeContext(sws);
    }
    av_frame_free(out);
  }
}
