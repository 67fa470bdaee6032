package dev.streamedge.packager.live;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The live timeline of a channel, shared by every packager with the same configuration: segment
 * {@code n} covers {@code [epoch + n*D, epoch + (n+1)*D)}, holds frames {@code [n*F, (n+1)*F)} and AAC
 * packets {@code [ceil(n*D*48000/1024), ceil((n+1)*D*48000/1024))} (packet {@code p} starting at sample
 * {@code p*1024}). Media timestamps are frame and sample numbers since the epoch, so a segment made by
 * any packager at any time has the same timestamps. Pure.
 */
public record LiveTimeline(Instant epoch, long segmentMillis, int fps) {
  public static final int SAMPLE_RATE = 48_000;
  public static final int AUDIO_FRAME = 1024;

  public LiveTimeline {
    Objects.requireNonNull(epoch, "epoch");
    if (segmentMillis <= 0 || fps <= 0 || segmentMillis * fps % 1000 != 0) {
      throw new IllegalArgumentException(
          "a segment must hold a whole number of frames: " + segmentMillis + " ms at " + fps + " fps");
    }
  }

  public static LiveTimeline of(Instant epoch, Duration segmentDuration, int fps) {
    return new LiveTimeline(epoch, segmentDuration.toMillis(), fps);
  }

  public int framesPerSegment() {
    return (int) (segmentMillis * fps / 1000);
  }

  public long segmentMicros() {
    return segmentMillis * 1000;
  }

  /** The segment in progress at {@code t}. */
  public long segmentAt(Instant t) {
    return Math.floorDiv(t.toEpochMilli() - epoch.toEpochMilli(), segmentMillis);
  }

  public Instant start(long n) {
    return epoch.plusMillis(n * segmentMillis);
  }

  public Instant end(long n) {
    return start(n + 1);
  }

  /** The newest segment complete at {@code now}, published {@code delay} after its end. */
  public long lastPublished(Instant now, Duration delay) {
    return segmentAt(now.minus(delay)) - 1;
  }

  public long firstFrame(long n) {
    return n * framesPerSegment();
  }

  /** Wall-clock time of frame {@code f}. */
  public Instant frameTime(long f) {
    return epoch.plusNanos(Math.multiplyExact(f, 1_000_000_000L / fps) + f * (1_000_000_000L % fps) / fps);
  }

  /** First AAC packet of segment {@code n}. */
  public long firstAudioPacket(long n) {
    long samples = n * segmentMillis * (SAMPLE_RATE / 1000);
    return Math.floorDiv(samples + AUDIO_FRAME - 1, AUDIO_FRAME);
  }
}
