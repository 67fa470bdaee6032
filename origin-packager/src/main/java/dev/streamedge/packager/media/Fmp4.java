package dev.streamedge.packager.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * ISO BMFF box surgery on what FFmpeg's fragmenting MP4 muxer writes: the leading ftyp+moov are the
 * init segment, the moof+mdat pairs are the media segment; the trailing mfra (random access index of
 * this one segment) is dropped.
 */
final class Fmp4 {
  /**
   * empty_moov: the moov carries no samples (the CMAF header); frag_custom: one fragment, written when
   * the segment ends (extra keyframes inside a segment do not split it); default_base_moof: data
   * offsets relative to the moof (CMAF, MSE); frag_discont with avoid_negative_ts disabled and no edit
   * list: the tfdt is the packets' own decode time rather than zero, so a segment muxed on its own
   * continues the timeline of the previous one; skip_trailer: no mfra index of the single fragment.
   */
  static final Map<String, String> MUXER_OPTIONS = Map.of(
      "movflags", "frag_custom+empty_moov+default_base_moof+frag_discont+skip_trailer",
      "use_editlist", "0",
      "avoid_negative_ts", "disabled");

  private Fmp4() {}

  static byte[] initPart(byte[] file) {
    return select(file, true);
  }

  static byte[] mediaPart(byte[] file) {
    return select(file, false);
  }

  private static byte[] select(byte[] file, boolean init) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
    ByteBuffer b = ByteBuffer.wrap(file);
    int pos = 0;
    while (pos + 8 <= file.length) {
      long size = b.getInt(pos) & 0xffffffffL;
      String type = new String(file, pos + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (size == 1) {
        size = b.getLong(pos + 8);
      } else if (size == 0) {
        size = file.length - pos;
      }
      if (size < 8 || pos + size > file.length) {
        throw new MediaException("malformed MP4 box '" + type + "' at " + pos);
      }
      boolean isInit = type.equals("ftyp") || type.equals("moov");
      boolean isMedia = type.equals("styp") || type.equals("sidx") || type.equals("moof") || type.equals("mdat")
          || type.equals("prft") || type.equals("emsg");
      if (init ? isInit : isMedia) {
        out.write(file, pos, (int) size);
      }
      pos += (int) size;
    }
    return out.toByteArray();
  }
}
