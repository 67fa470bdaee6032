package dev.streamedge.edge.shield;

/**
 * MurmurHash3 x64 128-bit (Austin Appleby's public-domain reference, {@code MurmurHash3.cpp}),
 * returning the first 64-bit half {@code h1}. The same input gives the same value on every JVM,
 * platform and run; that is the whole point here, and the reason {@link String#hashCode()} (32 bits,
 * weak mixing, trivially colliding) is never used for placement. Verified against the reference
 * vectors and Guava's {@code Hashing.murmur3_128()} in {@code Murmur3Test}.
 */
public final class Murmur3 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /** {@code h1} of MurmurHash3_x64_128 over {@code data} with {@code seed}. */
  public static long hash64(byte[] data, int seed) {
    return hash64(data, 0, data.length, seed);
  }

  /** {@code h1} of MurmurHash3_x64_128 over {@code data[offset, offset + length)}. */
  public static long hash64(byte[] data, int offset, int length, int seed) {
    long h1 = seed & 0xffffffffL;
    long h2 = seed & 0xffffffffL;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      int p = offset + (i << 4);
      long k1 = littleEndianLong(data, p);
      long k2 = littleEndianLong(data, p + 8);
      k1 *= C1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= C2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      k2 *= C2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= C1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = offset + (blocks << 4);
    long k1 = 0;
    long k2 = 0;
    switch (length & 15) {
      case 15: k2 ^= (data[tail + 14] & 0xffL) << 48; // fall through
      case 14: k2 ^= (data[tail + 13] & 0xffL) << 40; // fall through
      case 13: k2 ^= (data[tail + 12] & 0xffL) << 32; // fall through
      case 12: k2 ^= (data[tail + 11] & 0xffL) << 24; // fall through
      case 11: k2 ^= (data[tail + 10] & 0xffL) << 16; // fall through
      case 10: k2 ^= (data[tail + 9] & 0xffL) << 8; // fall through
      case 9:
        k2 ^= data[tail + 8] & 0xffL;
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= C1;
        h2 ^= k2;
        // fall through
      case 8: k1 ^= (data[tail + 7] & 0xffL) << 56; // fall through
      case 7: k1 ^= (data[tail + 6] & 0xffL) << 48; // fall through
      case 6: k1 ^= (data[tail + 5] & 0xffL) << 40; // fall through
      case 5: k1 ^= (data[tail + 4] & 0xffL) << 32; // fall through
      case 4: k1 ^= (data[tail + 3] & 0xffL) << 24; // fall through
      case 3: k1 ^= (data[tail + 2] & 0xffL) << 16; // fall through
      case 2: k1 ^= (data[tail + 1] & 0xffL) << 8; // fall through
      case 1:
        k1 ^= data[tail] & 0xffL;
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= C2;
        h1 ^= k1;
        break;
      default:
        break;
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    return h1;
  }

  /** MurmurHash3's 64-bit finalizer: a bijection in which every input bit affects every output bit. */
  public static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long littleEndianLong(byte[] b, int p) {
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
        | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
  }
}
