package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** A reusable YUV420P AVFrame filled from a packed Java array (Y plane, then U, then V). */
final class YuvFrame implements AutoCloseable {
  final AVFrame frame;
  private final int width;
  private final int height;

  YuvFrame(int width, int height) {
    this.width = width;
    this.height = height;
    frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P);
    frame.width(width);
    frame.height(height);
    Natives.check(av_frame_get_buffer(frame, 0), "video frame");
  }

  /** Copies {@code yuv} (width*height*3/2 bytes, packed planes) into the frame, respecting line sizes. */
  void fill(byte[] yuv, long pts) {
    Natives.check(av_frame_make_writable(frame), "video frame writable");
    int cw = width / 2;
    int ch = height / 2;
    copyPlane(yuv, 0, width, height, frame.data(0), frame.linesize(0));
    copyPlane(yuv, width * height, cw, ch, frame.data(1), frame.linesize(1));
    copyPlane(yuv, width * height + cw * ch, cw, ch, frame.data(2), frame.linesize(2));
    frame.pts(pts);
  }

  private static void copyPlane(byte[] src, int offset, int w, int h, BytePointer dst, int stride) {
    BytePointer d = new BytePointer(dst).capacity((long) stride * h);
    for (int y = 0; y < h; y++) {
      d.position((long) y * stride).put(src, offset + y * w, w);
    }
  }

  @Override
  public void close() {
    av_frame_free(frame);
  }
}
