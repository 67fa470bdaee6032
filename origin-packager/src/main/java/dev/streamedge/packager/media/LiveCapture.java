package dev.streamedge.packager.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a live source with FFmpeg on its own thread: decodes video (scaled to each requested size,
 * keeping only the latest picture) and audio (resampled to 48 kHz stereo into a bounded FIFO). Files
 * and lavfi sources are paced to real time by their timestamps; a {@code loop} source starts over at
 * its end; a failing source is reopened. The live encoder samples the latest picture at each frame
 * time of the channel timeline, so the output frame rate and timestamps never depend on the source.
 */
public final class LiveCapture implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveCapture.class);
  private static final int FIFO_SECONDS = 2;

  private final String url;
  private final String format;
  private final boolean loop;
  private final boolean paced;
  private final int width;
  private final int height;
  private final int fps;
  private final boolean hasAudio;
  private final List<Output> outputs = new ArrayList<>();
  private final float[][] fifo = new float[2][AacEncoder.SAMPLE_RATE * FIFO_SECONDS];
  private int fifoStart;
  private int fifoCount;
  private volatile boolean running;
  private volatile String lastError;
  private Thread thread;

  private record Output(int width, int height, byte[] latest, boolean[] fresh) {}

  private LiveCapture(String url, String format, boolean loop, int width, int height, int fps, boolean hasAudio) {
    this.url = url;
    this.format = format;
    this.loop = loop;
    this.paced = loop || "lavfi".equals(format) || !url.contains("://");
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.hasAudio = hasAudio;
  }

  /**
   * Opens the source to learn its size and frame rate ({@code fpsHint} &gt; 0 overrides the rate).
   *
   * @throws MediaException when it cannot be opened or has no video
   */
  public static LiveCapture open(String url, String format, boolean loop, int fpsHint) {
    Objects.requireNonNull(url, "url");
    try (InputFile in = openInput(url, format)) {
      if (in.videoIndex < 0) {
        throw new MediaException(url + ": no video stream");
      }
      AVStream vs = in.video();
      AVRational r = vs.avg_frame_rate().num() > 0 ? vs.avg_frame_rate() : vs.r_frame_rate();
      int fps = fpsHint > 0 ? fpsHint : (int) Math.max(1, Math.round((double) r.num() / Math.max(1, r.den())));
      int w = vs.codecpar().width() / 2 * 2;
      int h = vs.codecpar().height() / 2 * 2;
      return new LiveCapture(url, format, loop, w, h, Math.min(fps, 60), in.audioIndex >= 0);
    }
  }

  private static InputFile openInput(String url, String format) {
    Natives.load();
    AVInputFormat f = null;
    if (format != null) {
      f = av_find_input_format(format);
      if (f == null) {
        throw new MediaException("input format " + format + " is not available (lavfi needs libpulse0)");
      }
    }
    return InputFile.open(url, f, true);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int fps() {
    return fps;
  }

  public boolean hasAudio() {
    return hasAudio;
  }

  /** The last problem reading the source, or null. */
  public String lastError() {
    return lastError;
  }

  /** Adds an output size (before {@link #start}); returns its index for {@link #latest}. */
  public int addOutput(int w, int h) {
    outputs.add(new Output(w, h, new byte[w * h * 3 / 2], new boolean[1]));
    return outputs.size() - 1;
  }

  public void start(String threadName) {
    running = true;
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Copies the latest picture of output {@code index} into {@code yuv}; false when none arrived yet. */
  public boolean latest(int index, byte[] yuv) {
    Output o = outputs.get(index);
    synchronized (o) {
      if (!o.fresh()[0]) {
        return false;
      }
      System.arraycopy(o.latest(), 0, yuv, 0, yuv.length);
      return true;
    }
  }

  /** Takes up to {@code count} samples per channel from the FIFO; returns how many were there. */
  public int takeAudio(float[] left, float[] right, int offset, int count) {
    synchronized (fifo) {
      int n = Math.min(count, fifoCount);
      int cap = fifo[0].length;
      for (int i = 0; i < n; i++) {
        int at = (fifoStart + i) % cap;
        left[offset + i] = fifo[0][at];
        right[offset + i] = fifo[1][at];
      }
      fifoStart = (fifoStart + n) % cap;
      fifoCount -= n;
      return n;
    }
  }

  private void pushAudio(FloatPointer l, FloatPointer r, int n) {
    synchronized (fifo) {
      int cap = fifo[0].length;
      for (int i = 0; i < n; i++) {
        if (fifoCount == cap) {
          fifoStart = (fifoStart + 1) % cap;
          fifoCount--;
        }
        int at = (fifoStart + fifoCount) % cap;
        fifo[0][at] = l.get(i);
        fifo[1][at] = r.get(i);
        fifoCount++;
      }
    }
  }

  private void run() {
    long offsetNanos = 0;
    while (running) {
      try {
        offsetNanos = readOnce(offsetNanos);
        if (!loop && running) {
          lastError = "source ended";
          log.warn("live source {} ended; reopening", url);
          pause(2000);
        }
      } catch (MediaException e) {
        lastError = e.getMessage();
        if (running) {
          log.warn("live source {}: {}; retrying in 2 s", url, e.getMessage());
          pause(2000);
        }
      }
    }
  }

  /** Reads the input to its end; returns the pacing offset for a following loop pass. */
  private long readOnce(long offsetNanos) {
    try (InputFile in = openInput(url, format)) {
      AVStream vs = in.video();
      AVStream as = in.audio();
      List<FrameScaler> scalers = new ArrayList<>();
      for (Output o : outputs) {
        scalers.add(new FrameScaler(o.width(), o.height()));
      }
      VideoDecoder vdec = new VideoDecoder(vs, 1);
      VideoDecoder adec = as == null ? null : new VideoDecoder(as, 1);
      SwrContext swr = as == null ? null : swr_alloc();
      AVFrame resampled = av_frame_alloc();
      AVPacket pkt = av_packet_alloc();
      long wallStart = System.nanoTime() - offsetNanos;
      lastError = null;
      long[] firstPts = {AV_NOPTS_VALUE};
      long[] lastNanos = {offsetNanos};
      double vtb = (double) vs.time_base().num() / vs.time_base().den();
      try {
        while (running) {
          int ret = av_read_frame(in.ctx, pkt);
          if (ret == Natives.EAGAIN) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            continue;
          }
          if (ret < 0) {
            if (ret != org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
              lastError = "read: " + Natives.describe(ret);
            }
            break;
          }
          if (pkt.stream_index() == in.videoIndex) {
            vdec.decode(pkt, f -> {
              long pts = f.best_effort_timestamp();
              if (pts != AV_NOPTS_VALUE) {
                if (firstPts[0] == AV_NOPTS_VALUE) {
                  firstPts[0] = pts;
                }
                long at = offsetNanos + (long) ((pts - firstPts[0]) * vtb * 1e9);
                lastNanos[0] = at;
                if (paced) {
                  long wait = wallStart + at - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                }
              }
              for (int i = 0; i < outputs.size(); i++) {
                FrameScaler s = scalers.get(i);
                s.scale(f);
                Output o = outputs.get(i);
                synchronized (o) {
                  s.copyTo(o.latest());
                  o.fresh()[0] = true;
                }
              }
            });
          } else if (adec != null && pkt.stream_index() == in.audioIndex) {
            adec.decode(pkt, f -> {
              resampled.format(AV_SAMPLE_FMT_FLTP);
              resampled.sample_rate(AacEncoder.SAMPLE_RATE);
              av_channel_layout_default(resampled.ch_layout(), 2);
              if (swr_convert_frame(swr, resampled, f) >= 0 && resampled.nb_samples() > 0) {
                int n = resampled.nb_samples();
                pushAudio(new FloatPointer(resampled.data(0)).capacity(n), new FloatPointer(resampled.data(1)).capacity(n), n);
              }
              org.bytedeco.ffmpeg.global.avutil.av_frame_unref(resampled);
            });
          }
          av_packet_unref(pkt);
        }
        return lastNanos[0] + TimeUnit.SECONDS.toNanos(1) / fps;
      } finally {
        av_packet_free(pkt);
        av_frame_free(resampled);
        if (swr != null) {
          swr_free(swr);
        }
        vdec.close();
        if (adec != null) {
          adec.close();
        }
        for (FrameScaler s : scalers) {
          s.close();
        }
      }
    }
  }

  private void pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
