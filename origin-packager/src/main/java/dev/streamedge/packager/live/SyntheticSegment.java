package dev.streamedge.packager.live;

import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.media.EncodeSpec;
import dev.streamedge.packager.media.MediaEncoder;
import dev.streamedge.packager.picture.TestCard;
import dev.streamedge.packager.picture.ToneSound;

/**
 * Segment {@code n} of a synthetic channel, as a pure function of {@code n}: the test card for each of
 * its frames (showing the frame's time on the timeline) and the tone, encoded by fresh encoders. Two
 * packagers, or one packager at two different times, make the same bytes.
 */
public final class SyntheticSegment {
  private SyntheticSegment() {}

  public static byte[] encode(LiveTimeline tl, EncodeSpec spec, Container container, long n, String title) {
    TestCard card = new TestCard(spec.width(), spec.height(), title, spec.fps(), tl.framesPerSegment());
    int frame = LiveTimeline.AUDIO_FRAME;
    long p0 = tl.firstAudioPacket(n) * frame;
    long p1 = tl.firstAudioPacket(n + 1) * frame;
    float[] left = new float[frame];
    float[] right = new float[frame];
    try (MediaEncoder e = MediaEncoder.segment(spec, container, n)) {
      e.keepAudio(p0, p1);
      // Two frames of pre-roll (the encoder's delay and the transform overlap), fed with the same pure
      // sound, so the first kept packet equals what one continuous encoder would have produced.
      long nextSample = p0 - 2L * frame;
      long first = tl.firstFrame(n);
      long last = tl.firstFrame(n + 1);
      for (long f = first; f < last; f++) {
        e.video(f, card.render(f, tl.frameTime(f), true), f == first);
        long due = Math.min(p1 + frame, (f + 1) * LiveTimeline.SAMPLE_RATE / spec.fps());
        while (spec.hasAudio() && nextSample < due) {
          ToneSound.render(nextSample, left, right, 0, frame);
          e.audio(nextSample, left, right, 0);
          nextSample += frame;
        }
      }
      // One frame of look-ahead past the end, so the last kept packet is complete.
      while (spec.hasAudio() && nextSample < p1 + frame) {
        ToneSound.render(nextSample, left, right, 0, frame);
        e.audio(nextSample, left, right, 0);
        nextSample += frame;
      }
      return e.finish();
    }
  }
}
