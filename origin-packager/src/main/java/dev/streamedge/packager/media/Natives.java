package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives once per process (they unpack to ~/.javacpp/cache on first use) and checks
 * return codes. Loading is process-wide by nature, hence the one static flag.
 */
final class Natives {
  private static volatile boolean loaded;

  /** Linux EAGAIN as an FFmpeg error code: the codec wants more input or output first. */
  static final int EAGAIN = -11;

  private Natives() {}

  static void load() {
    if (loaded) {
      return;
    }
    synchronized (Natives.class) {
      if (loaded) {
        return;
      }
      Loader.load(avutil.class);
      Loader.load(swresample.class);
      Loader.load(avcodec.class);
      Loader.load(avformat.class);
      Loader.load(swscale.class);
      Loader.load(avdevice.class);
      av_log_set_level(AV_LOG_ERROR);
      avdevice.avdevice_register_all();
      avformat.avformat_network_init();
      loaded = true;
    }
  }

  /** Throws {@link MediaException} naming {@code what} when {@code ret} is an error; returns ret. */
  static int check(int ret, String what) {
    if (ret < 0) {
      throw new MediaException(what + ": " + describe(ret));
    }
    return ret;
  }

  static String describe(int ret) {
    byte[] buf = new byte[256];
    av_strerror(ret, buf, buf.length);
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + ret + ")";
  }
}
