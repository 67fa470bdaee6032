package dev.streamedge.packager.media;

import java.util.Arrays;

/**
 * Every packet of one track in file order: timestamps in the track's time base, size in bytes, and
 * whether it is a keyframe. Arrays rather than objects: a two-hour file has half a million packets.
 */
public record PacketTable(long[] pts, long[] dts, long[] duration, int[] size, boolean[] key) {
  public PacketTable {
    int n = pts.length;
    if (dts.length != n || duration.length != n || size.length != n || key.length != n) {
      throw new IllegalArgumentException("columns differ in length");
    }
  }

  public int count() {
    return pts.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PacketTable t && Arrays.equals(pts, t.pts) && Arrays.equals(dts, t.dts)
        && Arrays.equals(duration, t.duration) && Arrays.equals(size, t.size) && Arrays.equals(key, t.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pts) * 31 + Arrays.hashCode(dts);
  }

  @Override
  public String toString() {
    return "PacketTable[" + count() + " packets]";
  }
}
