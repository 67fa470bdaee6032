package dev.streamedge.packager.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes playlists as RFC 8216 text. Decisions:
 *
 * <ul>
 *   <li>EXT-X-VERSION: 3 for MPEG-TS (decimal EXTINF, section 7), 6 with EXT-X-MAP (fMP4 outside
 *       I-frame playlists needs 6).
 *   <li>EXT-X-INDEPENDENT-SEGMENTS always: every segment starts with an IDR frame.
 *   <li>EXT-X-PROGRAM-DATE-TIME on every live segment, in UTC with milliseconds, so any window of the
 *       playlist maps media time to wall-clock time without counting back.
 * </ul>
 */
public final class PlaylistWriter {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private PlaylistWriter() {}

  public static String write(MasterPlaylist master) {
    StringBuilder b = new StringBuilder(256);
    b.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (Variant v : master.variants()) {
      b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
      if (v.averageBandwidth() > 0) {
        b.append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
      }
      if (v.width() > 0 && v.height() > 0) {
        b.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
      }
      if (v.frameRateMillis() > 0) {
        b.append(",FRAME-RATE=").append(v.frameRateMillis() / 1000).append('.')
            .append(String.format(Locale.ROOT, "%03d", v.frameRateMillis() % 1000));
      }
      b.append(",CODECS=\"").append(v.codecs()).append("\"\n");
      b.append(v.uri()).append('\n');
    }
    return b.toString();
  }

  public static String write(MediaPlaylist p) {
    StringBuilder b = new StringBuilder(64 + 48 * p.segments().size());
    b.append("#EXTM3U\n#EXT-X-VERSION:").append(p.mapUri().isPresent() ? 6 : 3).append('\n');
    b.append("#EXT-X-TARGETDURATION:").append(p.targetDuration()).append('\n');
    b.append("#EXT-X-MEDIA-SEQUENCE:").append(p.mediaSequence()).append('\n');
    if (p.vod()) {
      b.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
    }
    b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    p.mapUri().ifPresent(uri -> b.append("#EXT-X-MAP:URI=\"").append(uri).append("\"\n"));
    for (MediaSegment s : p.segments()) {
      s.programDateTime().ifPresent(t -> b.append("#EXT-X-PROGRAM-DATE-TIME:").append(dateTime(t)).append('\n'));
      b.append("#EXTINF:").append(Durations.decimal(s.durationMicros())).append(",\n");
      b.append(s.uri()).append('\n');
    }
    if (p.vod()) {
      b.append("#EXT-X-ENDLIST\n");
    }
    return b.toString();
  }

  static String dateTime(Instant t) {
    return DATE_TIME.format(t);
  }
}
