package dev.streamedge.edge.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): generates IMF-fixdate only, and parses all three formats a
 * recipient must accept: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete
 * RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37
 * 1994}).
 *
 * <p>A hand-written parser rather than {@link DateTimeFormatter#RFC_1123_DATE_TIME}: that one
 * accepts zone offsets and one-digit days and rejects the two obsolete forms. Names of days and
 * months are matched case-insensitively and the day name is not checked against the date
 * (recipients gain nothing from rejecting a wrong weekday). A two-digit RFC 850 year is read as
 * 1970–2069; RFC 9110 asks to compare with the current year, but a pure parser has no clock and
 * the difference only matters for dates 50 years away.
 */
public final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] SHORT_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final String[] LONG_DAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
  };

  private HttpDates() {}

  /** Formats {@code instant} (truncated to the second) as an IMF-fixdate. */
  public static String format(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return IMF_FIXDATE.format(instant);
  }

  /** Parses any of the three HTTP-date formats; empty for null or anything invalid. */
  public static Optional<Instant> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String s = value.trim();
    try {
      Instant parsed;
      int comma = s.indexOf(',');
      if (comma == 3) {
        parsed = parseImfFixdate(s);
      } else if (comma > 3) {
        parsed = parseRfc850(s, comma);
      } else {
        parsed = parseAsctime(s);
      }
      return Optional.ofNullable(parsed);
    } catch (DateTimeException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static Instant parseImfFixdate(String s) {
    if (s.length() != 29 || indexOf(SHORT_DAYS, s, 0, 3) < 0
        || s.charAt(4) != ' ' || s.charAt(7) != ' ' || s.charAt(11) != ' ' || s.charAt(16) != ' '
        || !s.regionMatches(25, " GMT", 0, 4)) {
      return null;
    }
    int day = digits(s, 5, 2);
    int month = indexOf(MONTHS, s, 8, 3) + 1;
    int year = digits(s, 12, 4);
    return build(year, month, day, s, 17);
  }

  /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
  private static Instant parseRfc850(String s, int comma) {
    if (indexOf(LONG_DAYS, s, 0, comma) < 0) {
      return null;
    }
    String rest = s.substring(comma + 1);
    if (rest.length() != 23 || rest.charAt(0) != ' ' || rest.charAt(3) != '-' || rest.charAt(7) != '-'
        || rest.charAt(10) != ' ' || !rest.regionMatches(19, " GMT", 0, 4)) {
      return null;
    }
    int day = digits(rest, 1, 2);
    int month = indexOf(MONTHS, rest, 4, 3) + 1;
    int yy = digits(rest, 8, 2);
    if (yy < 0) {
      return null;
    }
    int year = yy < 70 ? 2000 + yy : 1900 + yy;
    return build(year, month, day, rest, 11);
  }

  /** {@code Sun Nov  6 08:49:37 1994} (day space-padded) or with a two-digit day. */
  private static Instant parseAsctime(String s) {
    if (s.length() != 24 || indexOf(SHORT_DAYS, s, 0, 3) < 0 || s.charAt(3) != ' '
        || s.charAt(7) != ' ' || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
      return null;
    }
    int month = indexOf(MONTHS, s, 4, 3) + 1;
    int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
    int year = digits(s, 20, 4);
    return build(year, month, day, s, 11);
  }

  /** Reads {@code HH:mm:ss} at {@code at} and assembles the instant; null when out of range. */
  private static Instant build(int year, int month, int day, String s, int at) {
    if (s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':') {
      return null;
    }
    int hour = digits(s, at, 2);
    int minute = digits(s, at + 3, 2);
    int second = digits(s, at + 6, 2);
    if (year < 0 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 60) {
      return null;
    }
    // A leap second (:60) is allowed by the grammar; java.time has no such second.
    second = Math.min(second, 59);
    // LocalDate checks the day against the month (throws for Feb 30); no LocalDateTime needed.
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second);
  }

  /** The non-negative number in {@code s[from, from+count)}, or -1 if any char is not a digit. */
  private static int digits(String s, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** The index of the name equal (ignoring case) to {@code s[from, from+length)}, or -1. */
  private static int indexOf(String[] names, String s, int from, int length) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].length() == length && s.regionMatches(true, from, names[i], 0, length)) {
        return i;
      }
    }
    return -1;
  }
}
