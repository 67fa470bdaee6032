package dev.streamedge.edge.failover;

/**
 * The few facts of an HLS media playlist (RFC 8216) the edge needs to tell a live playlist that
 * stopped advancing: {@code #EXT-X-MEDIA-SEQUENCE}, {@code #EXT-X-TARGETDURATION} and whether
 * {@code #EXT-X-ENDLIST} is present. A master playlist has none of them.
 *
 * @param mediaSequence -1 when absent (a master playlist, or not HLS)
 * @param targetDurationSeconds 0 when absent
 */
public record HlsPlaylistFacts(long mediaSequence, long targetDurationSeconds, boolean endList) {
  /** Parses a playlist's text; never throws. */
  public static HlsPlaylistFacts parse(CharSequence text) {
    long seq = -1;
    long target = 0;
    boolean end = false;
    boolean hasSegments = false;
    int n = text.length();
    int i = 0;
    while (i < n) {
      int eol = i;
      while (eol < n && text.charAt(eol) != '\n') {
        eol++;
      }
      String line = text.subSequence(i, eol).toString().trim();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        seq = number(line.substring(22), -1);
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = number(line.substring(22), 0);
      } else if (line.equals("#EXT-X-ENDLIST")) {
        end = true;
      } else if (line.startsWith("#EXTINF:")) {
        hasSegments = true;
      }
      i = eol + 1;
    }
    if (seq < 0 && hasSegments) {
      seq = 0; // RFC 8216 §4.3.3.2: absent means 0
    }
    return new HlsPlaylistFacts(seq, target, end);
  }

  private static long number(String s, long otherwise) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
