package dev.streamedge.packager.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the human-friendly values of the config file: durations ({@code 500ms}, {@code 4s},
 * {@code 10m}, {@code 1h}, {@code 1d}; a bare number is seconds, as everywhere in streamedge) and bitrates ({@code 800k}, {@code 3M}, plain bits per second).
 * Each returns empty on bad input so the caller can name the key in its error.
 */
public final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
  private static final Pattern BITRATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(?:bps|b)?");

  private ConfigValues() {}

  /** A duration like {@code 4s}; empty when {@code text} is not one. */
  public static java.util.Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    long nanosPerUnit =
        switch (unit) {
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        };
    try {
      return java.util.Optional.of(
          Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact()));
    } catch (ArithmeticException tooPreciseOrLarge) {
      return java.util.Optional.empty();
    }
  }

  /** A bitrate in bits per second like {@code 800k} (k, M, G are powers of 1000); empty when invalid. */
  public static OptionalLong bitrate(String text) {
    Matcher m = BITRATE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long multiplier =
        switch (m.group(2)) {
          case "k" -> 1_000L;
          case "m" -> 1_000_000L;
          case "g" -> 1_000_000_000L;
          default -> 1L;
        };
    try {
      long bps = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier)).longValueExact();
      return bps > 0 ? OptionalLong.of(bps) : OptionalLong.empty();
    } catch (ArithmeticException fractionalBits) {
      return OptionalLong.empty();
    }
  }

  /** Formats a duration back the way the config spells it (for logs and docs). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
