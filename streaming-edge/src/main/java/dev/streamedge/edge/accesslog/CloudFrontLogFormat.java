package dev.streamedge.edge.accesslog;

import java.util.List;
import java.util.Objects;

/**
 * Formats {@link AccessRecord}s as lines of CloudFront's standard log format (the W3C extended log
 * file format with CloudFront's 33 fields), byte for byte as CloudFront writes them, so tools that
 * read CloudFront logs read ours.
 *
 * <p>The rules, from CloudFront's Developer Guide ("Standard logging reference", "Log file fields";
 * "Standard log file format" in the older AccessLogs page):
 * <ul>
 *   <li>two header lines, {@code #Version: 1.0} and {@code #Fields: …}, then one line per request;
 *   <li>fields separated by a tab, in the listed order; a field with no value is {@code -};
 *   <li>date {@code YYYY-MM-DD} and time {@code HH:MM:SS} in UTC, the time the response finished;
 *   <li>{@code time-taken} and {@code time-to-first-byte} in seconds "to the thousandth of a second"
 *       ({@code 0.002});
 *   <li>"URL-encoded equivalents for spaces and certain other characters in field values": ASCII
 *       codes 0–32 inclusive, codes 127 and higher, and {@code < > " # % { } | \ ^ ~ [ ] ` '}, each
 *       written as {@code %XX} (RFC 1738 style, upper-case hex). Every other character is written
 *       as is, which is why CloudFront's published sample shows user agents like
 *       {@code Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)}.
 * </ul>
 * Because {@code %} itself is in the list, a value that was already percent-encoded on the wire is
 * encoded again: a query {@code range=bytes%3D0-99} is logged {@code range=bytes%253D0-99}. That
 * is CloudFront's behaviour too (the "double-encoded" {@code %25} that readers of cs-uri-query and
 * cs-uri-stem decode twice; Snowplow documented the one time in 2013 AWS briefly stopped doing it
 * and then restored it). The escaping also guarantees that no value can contain a tab or a line
 * break, so a field can never shift columns or forge a line.
 *
 * <p>Input strings are wire text, one char per byte (what Netty's HTTP decoder produces), so a char
 * up to U+00FF is written as that single byte; a char above U+00FF (a string that was decoded from
 * UTF-8 somewhere) is written as the percent-encoded UTF-8 bytes of its code point.
 *
 * <p>Instances are immutable and thread-safe; {@link #appendTo} allocates nothing.
 */
public final class CloudFrontLogFormat {
  /** The 33 field names, in CloudFront's order. */
  public static final List<String> FIELDS = List.of(
      "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem",
      "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type",
      "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for",
      "ssl-protocol", "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status",
      "fle-encrypted-fields", "c-port", "time-to-first-byte", "x-edge-detailed-result-type",
      "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end");

  /** The two header lines every log file starts with, each ending in a line feed. */
  public static final String HEADER = "#Version: 1.0\n#Fields: " + String.join(" ", FIELDS) + "\n";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** ASCII characters written as they are; everything else is percent-encoded. */
  private static final boolean[] VERBATIM = verbatim();

  private final String edgeLocation;
  private final String edgeLocationField;
  private final boolean logCookies;

  /**
   * @param edgeLocation {@code x-edge-location}: this node's name
   * @param logCookies whether {@code cs(Cookie)} carries the Cookie header; when false it is always
   *     {@code -} (signed cookies are credentials: logging them hands out access)
   */
  public CloudFrontLogFormat(String edgeLocation, boolean logCookies) {
    this.edgeLocation = Objects.requireNonNull(edgeLocation, "edgeLocation");
    this.edgeLocationField = escape(edgeLocation);
    this.logCookies = logCookies;
  }

  public String edgeLocation() {
    return edgeLocation;
  }

  public boolean logCookies() {
    return logCookies;
  }

  /** One log line, ending in a line feed. */
  public String format(AccessRecord r) {
    StringBuilder sb = new StringBuilder(512);
    appendTo(r, sb);
    return sb.toString();
  }

  /** Appends one log line, ending in a line feed; every char appended is ASCII. */
  public void appendTo(AccessRecord r, StringBuilder sb) {
    appendDateTab(sb, r.timestampMillis());
    sb.append(edgeLocationField).append('\t');
    appendCount(sb, r.responseBytes()).append('\t');
    appendIp(sb, r.clientIp()).append('\t');
    appendValue(sb, r.method()).append('\t');
    appendValue(sb, r.distributionHost()).append('\t');
    appendValue(sb, r.path()).append('\t');
    appendStatus(sb, r.status()).append('\t');
    appendValue(sb, r.referer()).append('\t');
    appendValue(sb, r.userAgent()).append('\t');
    appendValue(sb, r.query()).append('\t');
    appendValue(sb, logCookies ? r.cookie() : null).append('\t');
    sb.append(r.result().result().token()).append('\t');
    appendValue(sb, r.requestId()).append('\t');
    appendValue(sb, r.hostHeader()).append('\t');
    appendValue(sb, r.scheme()).append('\t');
    appendCount(sb, r.requestBytes()).append('\t');
    appendSeconds(sb, r.timeTakenNanos()).append('\t');
    appendValue(sb, r.forwardedFor()).append('\t');
    appendValue(sb, r.tlsProtocol()).append('\t');
    appendValue(sb, r.tlsCipher()).append('\t');
    sb.append(r.result().responseResult().token()).append('\t');
    appendValue(sb, r.protocolVersion().token()).append('\t');
    sb.append("-\t-\t"); // fle-status, fle-encrypted-fields: no field-level encryption
    appendCount(sb, r.clientPort()).append('\t');
    appendSeconds(sb, r.timeToFirstByteNanos()).append('\t');
    sb.append(r.result().detailed().token()).append('\t');
    appendValue(sb, r.contentType()).append('\t');
    appendCount(sb, r.contentLength()).append('\t');
    boolean ranged = r.rangeStart() >= 0 && r.rangeEnd() >= 0;
    appendCount(sb, ranged ? r.rangeStart() : -1).append('\t');
    appendCount(sb, ranged ? r.rangeEnd() : -1).append('\n');
  }

  /** A field value escaped as CloudFront escapes it ({@code -} for null or empty). */
  public static String escape(CharSequence value) {
    return appendValue(new StringBuilder(), value).toString();
  }

  /** Appends {@code value} escaped as CloudFront escapes it; {@code -} for null or empty. */
  public static StringBuilder appendValue(StringBuilder sb, CharSequence value) {
    if (value == null || value.length() == 0) {
      return sb.append('-');
    }
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (VERBATIM[c]) {
          sb.append(c);
        } else {
          percent(sb, c);
        }
      } else if (c <= 0xFF) {
        percent(sb, c); // one raw byte of the wire text
      } else {
        int cp = c;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          cp = Character.toCodePoint(c, value.charAt(++i));
        } else if (Character.isSurrogate(c)) {
          cp = 0xFFFD;
        }
        appendUtf8(sb, cp);
      }
    }
    return sb;
  }

  private static void appendUtf8(StringBuilder sb, int cp) {
    if (cp < 0x800) {
      percent(sb, 0xC0 | (cp >> 6));
      percent(sb, 0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      percent(sb, 0xE0 | (cp >> 12));
      percent(sb, 0x80 | ((cp >> 6) & 0x3F));
      percent(sb, 0x80 | (cp & 0x3F));
    } else {
      percent(sb, 0xF0 | (cp >> 18));
      percent(sb, 0x80 | ((cp >> 12) & 0x3F));
      percent(sb, 0x80 | ((cp >> 6) & 0x3F));
      percent(sb, 0x80 | (cp & 0x3F));
    }
  }

  private static void percent(StringBuilder sb, int b) {
    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  private static boolean[] verbatim() {
    boolean[] ok = new boolean[128];
    for (int c = 33; c < 127; c++) {
      ok[c] = true;
    }
    for (char c : "<>\"#%{}|\\^~[]`'".toCharArray()) {
      ok[c] = false;
    }
    return ok;
  }

  /** {@code c-ip}: an address, without IPv6 brackets or zone id (which would read as an escape). */
  private static StringBuilder appendIp(StringBuilder sb, String ip) {
    if (ip == null || ip.isEmpty()) {
      return sb.append('-');
    }
    int start = ip.startsWith("[") ? 1 : 0;
    int end = ip.length();
    int zone = ip.indexOf('%');
    if (zone >= 0) {
      end = zone;
    } else if (ip.endsWith("]")) {
      end--;
    }
    return appendValue(sb, ip.subSequence(start, Math.max(start, end)));
  }

  private static StringBuilder appendCount(StringBuilder sb, long n) {
    return n < 0 ? sb.append('-') : sb.append(n);
  }

  private static StringBuilder appendStatus(StringBuilder sb, int status) {
    if (status <= 0 || status > 999) {
      return sb.append("000"); // CloudFront: the viewer closed the connection before a response
    }
    if (status < 100) {
      sb.append('0');
    }
    if (status < 10) {
      sb.append('0');
    }
    return sb.append(status);
  }

  /** Seconds with three decimals, rounded half up to the millisecond; {@code -} when negative. */
  static StringBuilder appendSeconds(StringBuilder sb, long nanos) {
    if (nanos < 0) {
      return sb.append('-');
    }
    long millis = (nanos + 500_000) / 1_000_000;
    sb.append(millis / 1000).append('.');
    return pad(sb, millis % 1000, 3);
  }

  /** {@code YYYY-MM-DD<tab>HH:MM:SS<tab>} in UTC, by arithmetic (no java.time objects per line). */
  static void appendDateTab(StringBuilder sb, long epochMillis) {
    long secs = Math.floorDiv(epochMillis, 1000);
    long days = Math.floorDiv(secs, 86_400);
    int secOfDay = (int) Math.floorMod(secs, 86_400);
    // civil_from_days, H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    pad(sb, year, 4).append('-');
    pad(sb, month, 2).append('-');
    pad(sb, day, 2).append('\t');
    pad(sb, secOfDay / 3600, 2).append(':');
    pad(sb, (secOfDay / 60) % 60, 2).append(':');
    pad(sb, secOfDay % 60, 2).append('\t');
  }

  private static StringBuilder pad(StringBuilder sb, long v, int width) {
    if (v < 0) {
      return sb.append(v);
    }
    long limit = 10;
    for (int i = 1; i < width; i++, limit *= 10) {
      if (v < limit) {
        sb.append('0');
      }
    }
    return sb.append(v);
  }
}
