package dev.streamedge.edge.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the human units config files use: durations, byte sizes, host:port. */
public final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);

  private Units() {}

  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(text);
    };
  }

  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long mult = switch (unit) {
      case "b" -> 1L;
      case "k", "kib" -> 1L << 10;
      case "kb" -> 1000L;
      case "m", "mib" -> 1L << 20;
      case "mb" -> 1000_000L;
      case "g", "gib" -> 1L << 30;
      case "gb" -> 1000_000_000L;
      case "t", "tib" -> 1L << 40;
      case "tb" -> 1000_000_000_000L;
      default -> throw new IllegalArgumentException(text);
    };
    return Math.multiplyExact(n, mult);
  }

  /** {@code host:port}, {@code :port} (all interfaces) or {@code [v6]:port}; port 0 picks a free one. */
  public static InetSocketAddress parseHostPort(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(text);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(text, e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(text);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
  }
}
