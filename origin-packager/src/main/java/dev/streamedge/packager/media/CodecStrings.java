package dev.streamedge.packager.media;

import java.util.Locale;

/**
 * RFC 6381 codecs strings for the master playlist's CODECS attribute (RFC 8216 section 4.3.4.2), read
 * from the codec configuration: {@code avc1.PPCCLL} from the AVC decoder configuration record or SPS,
 * {@code mp4a.40.N} from the AudioSpecificConfig.
 */
final class CodecStrings {
  private CodecStrings() {}

  static String avc(byte[] extradata) {
    if (extradata.length >= 4 && extradata[0] == 1) {
      return hex(extradata[1], extradata[2], extradata[3]);
    }
    // Annex B: find the SPS NAL unit (type 7) after a start code.
    for (int i = 0; i + 4 < extradata.length; i++) {
      if (extradata[i] == 0 && extradata[i + 1] == 0 && extradata[i + 2] == 1 && (extradata[i + 3] & 0x1f) == 7
          && i + 6 < extradata.length) {
        return hex(extradata[i + 4], extradata[i + 5], extradata[i + 6]);
      }
    }
    return "avc1.42e01e";
  }

  static String aac(byte[] extradata) {
    int aot = extradata.length >= 1 ? (extradata[0] & 0xff) >> 3 : 2;
    return "mp4a.40." + (aot == 0 ? 2 : aot);
  }

  private static String hex(byte profile, byte compat, byte level) {
    return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile & 0xff, compat & 0xff, level & 0xff);
  }
}
