package dev.streamedge.edge.cli;

import dev.streamedge.edge.auth.CustomPolicy;
import dev.streamedge.edge.auth.HashAlgorithm;
import dev.streamedge.edge.auth.KeyFormatException;
import dev.streamedge.edge.auth.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code sign-url} and {@code sign-cookies}, and the parsing of their times. Times
 * are epoch seconds, ISO-8601 ({@code 2030-01-01T00:00:00Z}, {@code 2030-01-01}), or an offset from
 * now ({@code +90s}, {@code +30m}, {@code +1h}, {@code +1h30m}, {@code +7d}, {@code +PT1H}).
 */
final class SignOptions {
  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "Private key PEM (PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted).")
  Path key;

  @Option(names = "--key-pair-id", required = true, paramLabel = "ID",
      description = "Public key id in the edge's key group (CloudFront Key-Pair-Id).")
  String keyPairId;

  @Option(names = "--expires", required = true, paramLabel = "TIME",
      description = "Expiry: epoch seconds, ISO-8601, or +duration (+1h, +30m, +7d).")
  String expires;

  @Option(names = "--starts", paramLabel = "TIME",
      description = "Not valid before this time (implies a custom policy).")
  String starts;

  @Option(names = "--ip", paramLabel = "CIDR",
      description = "Only clients in this range, IPv4 or IPv6 (implies a custom policy).")
  String ip;

  @Option(names = "--hash", paramLabel = "SHA1|SHA256", defaultValue = "SHA1",
      description = "Digest under the signature (default: ${DEFAULT-VALUE}, CloudFront's default).")
  HashAlgorithm hash;

  @Option(names = "--policy", paramLabel = "custom|canned",
      description = "Policy kind (default: canned unless --starts, --ip or a wildcard ask for custom).")
  String policy;

  /** Whether the options ask for a custom policy; throws for canned plus a custom-only option. */
  boolean custom(boolean wildcard) {
    boolean needsCustom = starts != null || ip != null || wildcard;
    if (policy == null) {
      return needsCustom;
    }
    return switch (policy) {
      case "custom" -> true;
      case "canned" -> {
        if (needsCustom) {
          throw new IllegalArgumentException(
              "--policy canned cannot carry --starts, --ip or a wildcard resource");
        }
        yield false;
      }
      default -> throw new IllegalArgumentException("--policy must be custom or canned");
    };
  }

  CustomPolicy customPolicy(String resource, Instant now) {
    Instant exp = expiresAt(now);
    Instant start = starts == null ? null : parseTime("--starts", starts, now);
    try {
      return new CustomPolicy(resource, exp, start, ip);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (ip != null && e.getMessage().contains("address") ? "--ip: " : "") + e.getMessage());
    }
  }

  Instant expiresAt(Instant now) {
    Instant exp = parseTime("--expires", expires, now);
    if (!exp.isAfter(now)) {
      throw new IllegalArgumentException("--expires " + expires + " is not in the future");
    }
    return exp;
  }

  PrivateKey privateKey() throws IOException, KeyFormatException {
    return PemKeys.readPrivateKey(Files.readString(key, StandardCharsets.US_ASCII));
  }

  /** Parses a time option; {@code now} anchors {@code +duration}. */
  static Instant parseTime(String option, String text, Instant now) {
    String t = text.strip();
    try {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 12) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      if (t.startsWith("+")) {
        return now.plus(parseDuration(t.substring(1)));
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " '" + text
          + "' is not epoch seconds, ISO-8601 (2030-01-01T00:00:00Z) or +duration (+1h)");
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 1h30m}, {@code 7d}, {@code 2w}, or ISO {@code PT1H}. */
  static Duration parseDuration(String s) {
    if (s.startsWith("P") || s.startsWith("p")) {
      return Duration.parse(s);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 9) {
        i++;
      }
      if (i == start || i >= s.length()) {
        throw new IllegalArgumentException("bad duration " + s);
      }
      long n = Long.parseLong(s.substring(start, i));
      total = total.plus(switch (s.charAt(i)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        case 'w' -> Duration.ofDays(7 * n);
        default -> throw new IllegalArgumentException("bad duration unit in " + s);
      });
      i++;
    }
    return total;
  }
}
