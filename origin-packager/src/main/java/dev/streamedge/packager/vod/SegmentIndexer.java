package dev.streamedge.packager.vod;

import dev.streamedge.packager.media.MediaScan;
import dev.streamedge.packager.media.PacketTable;
import dev.streamedge.packager.media.Rational;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a rendition into segments at keyframes. Pure.
 *
 * <p>Source rendition: a segment starts at the first keyframe at or after each point of a fixed grid
 * {@code first + k x segmentDuration} (like FFmpeg's HLS muxer), so a source with a keyframe exactly
 * every segment duration gives equal segments, and one with irregular keyframes gives segments as
 * close to the target as its keyframes allow; the grid never drifts.
 *
 * <p>Lower renditions: cut at the source's cut times (they were encoded with keyframes forced there),
 * so every rendition's segment {@code n} covers the same interval and players switch seamlessly.
 */
public final class SegmentIndexer {
  private SegmentIndexer() {}

  public static SegmentIndex index(MediaScan scan, Duration segmentDuration, Optional<long[]> cutMicros) {
    PacketTable v = scan.videoPackets();
    Rational vtb = scan.video().timeBase();
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < v.count(); i++) {
      if (v.key()[i]) {
        keys.add(i);
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the video has no keyframe");
    }
    long firstPts = v.pts()[keys.get(0)];
    long halfFrame = Math.max(1, typicalDuration(v) / 2);
    List<Integer> cuts = cutMicros.map(c -> atTimes(v, vtb, keys, firstPts, c, halfFrame)).orElse(List.of());
    if (cuts.isEmpty()) {
      cuts = onGrid(v, vtb, keys, firstPts, segmentDuration, halfFrame);
    }
    long endPts = Long.MIN_VALUE;
    for (int i = 0; i < v.count(); i++) {
      endPts = Math.max(endPts, v.pts()[i] + Math.max(0, v.duration()[i]));
    }
    return build(scan, cuts, firstPts, endPts);
  }

  private static List<Integer> onGrid(PacketTable v, Rational vtb, List<Integer> keys, long firstPts, Duration d,
      long halfFrame) {
    long periodMillis = d.toMillis();
    List<Integer> cuts = new ArrayList<>();
    cuts.add(keys.get(0));
    long k = 1;
    for (int j = 1; j < keys.size(); j++) {
      long pts = v.pts()[keys.get(j)];
      long nominal = firstPts + vtb.ceilTicks(periodMillis * k);
      if (pts + halfFrame > nominal) {
        cuts.add(keys.get(j));
        // Next grid point strictly after this cut.
        while (firstPts + vtb.ceilTicks(periodMillis * k) < pts + halfFrame) {
          k++;
        }
      }
    }
    return cuts;
  }

  private static List<Integer> atTimes(PacketTable v, Rational vtb, List<Integer> keys, long firstPts, long[] times,
      long halfFrame) {
    long tolerance = Math.max(1, vtb.toMicros(halfFrame));
    List<Integer> cuts = new ArrayList<>();
    int j = 0;
    for (long t : times) {
      while (j < keys.size() && vtb.toMicros(v.pts()[keys.get(j)] - firstPts) < t - tolerance) {
        j++;
      }
      if (j == keys.size() || Math.abs(vtb.toMicros(v.pts()[keys.get(j)] - firstPts) - t) > tolerance) {
        return List.of();
      }
      cuts.add(keys.get(j));
    }
    return cuts;
  }

  private static SegmentIndex build(MediaScan scan, List<Integer> cuts, long firstPts, long endPts) {
    PacketTable v = scan.videoPackets();
    PacketTable a = scan.audioPackets();
    Rational vtb = scan.video().timeBase();
    Rational atb = scan.audio().map(x -> x.timeBase()).orElse(new Rational(1, 48_000));
    List<SegmentEntry> out = new ArrayList<>(cuts.size());
    for (int k = 0; k < cuts.size(); k++) {
      int first = cuts.get(k);
      boolean last = k == cuts.size() - 1;
      int next = last ? v.count() : cuts.get(k + 1);
      long startPts = v.pts()[first];
      long nextPts = last ? endPts : v.pts()[next];
      long audioStart = Math.max(0, convertCeil(startPts, vtb, atb));
      long audioEnd = last ? Long.MAX_VALUE : Math.max(0, convertCeil(nextPts, vtb, atb));
      long bytes = 0;
      for (int i = first; i < next; i++) {
        bytes += v.size()[i];
      }
      for (int i = 0; i < a.count(); i++) {
        if (a.pts()[i] >= audioStart && a.pts()[i] < audioEnd) {
          bytes += a.size()[i];
        }
      }
      long startMicros = vtb.toMicros(startPts - firstPts);
      long durationMicros = vtb.toMicros(nextPts - firstPts) - startMicros;
      out.add(new SegmentEntry(k, startPts, v.dts()[first], last ? Long.MAX_VALUE : v.dts()[next], audioStart, audioEnd,
          startMicros, durationMicros, bytes));
    }
    return new SegmentIndex(out);
  }

  /** {@code ticks} of {@code from} in {@code to}, rounded up (the first audio packet at or after a cut). */
  static long convertCeil(long ticks, Rational from, Rational to) {
    BigInteger n = BigInteger.valueOf(ticks).multiply(BigInteger.valueOf((long) from.num() * to.den()));
    BigInteger d = BigInteger.valueOf((long) from.den() * to.num());
    BigInteger[] qr = n.divideAndRemainder(d);
    long q = qr[0].longValueExact();
    return qr[1].signum() > 0 ? q + 1 : q;
  }

  private static long typicalDuration(PacketTable v) {
    if (v.count() < 2) {
      return Math.max(1, v.count() == 1 ? v.duration()[0] : 1);
    }
    long[] d = new long[Math.min(v.count() - 1, 64)];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.abs(v.dts()[i + 1] - v.dts()[i]);
    }
    java.util.Arrays.sort(d);
    return Math.max(1, d[d.length / 2]);
  }
}
