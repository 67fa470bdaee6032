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
 * <p>Instances are immutable and thread-safe. The writer formats straight into a reused byte
 * buffer (the output is ASCII), so a line costs no allocation.
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
    LineBuffer b = new LineBuffer(512);
    appendTo(r, b);
    return b.toString();
  }

  /** Appends one log line, ending in a line feed. */
  void appendTo(AccessRecord r, LineBuffer b) {
    appendDateTab(b, r.timestampMillis());
    b.putAscii(edgeLocationField).put('\t');
    appendCount(b, r.responseBytes()).put('\t');
    appendIp(b, r.clientIp()).put('\t');
    appendValue(b, r.method()).put('\t');
    appendValue(b, r.distributionHost()).put('\t');
    appendValue(b, r.path()).put('\t');
    appendStatus(b, r.status()).put('\t');
    appendValue(b, r.referer()).put('\t');
    appendValue(b, r.userAgent()).put('\t');
    appendValue(b, r.query()).put('\t');
    appendValue(b, logCookies ? r.cookie() : null).put('\t');
    b.putAscii(r.result().result().token()).put('\t');
    appendValue(b, r.requestId()).put('\t');
    appendValue(b, r.hostHeader()).put('\t');
    appendValue(b, r.scheme()).put('\t');
    appendCount(b, r.requestBytes()).put('\t');
    appendSeconds(b, r.timeTakenNanos()).put('\t');
    appendValue(b, r.forwardedFor()).put('\t');
    appendValue(b, r.tlsProtocol()).put('\t');
    appendValue(b, r.tlsCipher()).put('\t');
    b.putAscii(r.result().responseResult().token()).put('\t');
    appendValue(b, r.protocolVersion().token()).put('\t');
    b.putAscii("-\t-\t"); // fle-status, fle-encrypted-fields: no field-level encryption
    appendCount(b, r.clientPort()).put('\t');
    appendSeconds(b, r.timeToFirstByteNanos()).put('\t');
    b.putAscii(r.result().detailed().token()).put('\t');
    appendValue(b, r.contentType()).put('\t');
    appendCount(b, r.contentLength()).put('\t');
    boolean ranged = r.rangeStart() >= 0 && r.rangeEnd() >= 0;
    appendCount(b, ranged ? r.rangeStart() : -1).put('\t');
    appendCount(b, ranged ? r.rangeEnd() : -1).put('\n');
  }

  /** A field value escaped as CloudFront escapes it ({@code -} for null or empty). */
  public static String escape(CharSequence value) {
    LineBuffer b = new LineBuffer(value == null ? 1 : value.length() * 3 + 1);
    appendValue(b, value);
    return b.toString();
  }

  /** Appends {@code value} escaped as CloudFront escapes it; {@code -} for null or empty. */
  static LineBuffer appendValue(LineBuffer b, CharSequence value) {
    if (value == null || value.length() == 0) {
      return b.put('-');
    }
    return b.putEscaped(value, VERBATIM);
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
  private static LineBuffer appendIp(LineBuffer b, String ip) {
    if (ip == null || ip.isEmpty()) {
      return b.put('-');
    }
    int start = ip.startsWith("[") ? 1 : 0;
    int end = ip.length();
    int zone = ip.indexOf('%');
    if (zone >= 0) {
      end = zone;
    } else if (ip.endsWith("]")) {
      end--;
    }
    return start == 0 && end == ip.length() ? appendValue(b, ip) : appendValue(b, ip.substring(start, Math.max(start, end)));
  }

  private static LineBuffer appendCount(LineBuffer b, long n) {
    return n < 0 ? b.put('-') : b.putNumber(n, 1);
  }

  private static LineBuffer appendStatus(LineBuffer b, int status) {
    if (status <= 0 || status > 999) {
      return b.putAscii("000"); // CloudFront: the viewer closed the connection before a response
    }
    return b.putNumber(status, 3);
  }

  /** Seconds with three decimals, rounded half up to the millisecond; {@code -} when negative. */
  static LineBuffer appendSeconds(LineBuffer b, long nanos) {
    if (nanos < 0) {
      return b.put('-');
    }
    long millis = (nanos + 500_000) / 1_000_000;
    return b.putNumber(millis / 1000, 1).put('.').putNumber(millis % 1000, 3);
  }

  /** {@code YYYY-MM-DD<tab>HH:MM:SS<tab>} in UTC, by arithmetic (no java.time objects per line). */
  static void appendDateTab(LineBuffer b, long epochMillis) {
    long secs = Math.floorDiv(epochMillis, 1000);
    long days = Math.floorDiv(secs, 86_400);
    int secOfDay = Math.floorMod(secs, 86_400);
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
    if (year < 0) {
      year = 0; // before year 0: not a real timestamp; keep the line parseable
    }
    b.putNumber(year, 4).put('-').putNumber(month, 2).put('-').putNumber(day, 2).put('\t');
    b.putNumber(secOfDay / 3600, 2).put(':').putNumber((secOfDay / 60) % 60, 2).put(':')
        .putNumber(secOfDay % 60, 2).put('\t');
  }
}
