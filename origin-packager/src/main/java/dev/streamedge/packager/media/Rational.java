package dev.streamedge.packager.media;

/** A time base {@code num/den} seconds per tick. */
public record Rational(int num, int den) {
  public Rational {
    if (num <= 0 || den <= 0) {
      throw new IllegalArgumentException("bad rational " + num + "/" + den);
    }
  }

  /** Converts {@code ticks} of this time base to microseconds, rounding to nearest. */
  public long toMicros(long ticks) {
    return Math.round(ticks * 1_000_000.0 * num / den);
  }

  /** Seconds of {@code ticks} as a double (for logs and playlists, which are decimal anyway). */
  public double toSeconds(long ticks) {
    return (double) ticks * num / den;
  }

  /** Ticks of this time base at or after {@code seconds}, computed exactly for whole-millisecond inputs. */
  public long ceilTicks(long millis) {
    // ticks = millis/1000 * den/num, rounded up
    java.math.BigInteger n = java.math.BigInteger.valueOf(millis).multiply(java.math.BigInteger.valueOf(den));
    java.math.BigInteger d = java.math.BigInteger.valueOf(1000L * num);
    java.math.BigInteger[] qr = n.divideAndRemainder(d);
    return qr[1].signum() > 0 ? qr[0].longValueExact() + 1 : qr[0].longValueExact();
  }
}
