package dev.streamedge.edge.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The attributes put on each signed cookie's {@code Set-Cookie} (RFC 6265 §4.1). Defaults: {@code
 * Path=/; HttpOnly; SameSite=Lax}, no {@code Secure} (set it when served over HTTPS), no {@code
 * Domain} (host-only), and no {@code Max-Age}/{@code Expires}, so the browser drops the cookies
 * when it closes, as CloudFront recommends; the policy's own expiry still bounds them.
 *
 * @param sameSite {@code Lax}, {@code Strict} or {@code None} (which browsers accept only with
 *     {@code Secure}), or null to omit
 * @param maxAge lifetime, or null for a session cookie
 * @param expiresAt an {@code Expires} date, for clients that predate {@code Max-Age}; or null
 */
public record CookieAttributes(
    String path, String domain, boolean secure, boolean httpOnly, String sameSite,
    Duration maxAge, Instant expiresAt) {

  public CookieAttributes {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("cookie path must start with '/': " + path);
    }
    requireToken("path", path);
    if (domain != null) {
      requireToken("domain", domain);
    }
    if (sameSite != null && !(sameSite.equals("Lax") || sameSite.equals("Strict")
        || sameSite.equals("None"))) {
      throw new IllegalArgumentException("SameSite must be Lax, Strict or None: " + sameSite);
    }
    if (maxAge != null && maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge is negative");
    }
  }

  public static CookieAttributes defaults() {
    return new CookieAttributes("/", null, false, true, "Lax", null, null);
  }

  public CookieAttributes withPath(String p) {
    return new CookieAttributes(p, domain, secure, httpOnly, sameSite, maxAge, expiresAt);
  }

  public CookieAttributes withDomain(String d) {
    return new CookieAttributes(path, d, secure, httpOnly, sameSite, maxAge, expiresAt);
  }

  public CookieAttributes withSecure(boolean s) {
    return new CookieAttributes(path, domain, s, httpOnly, sameSite, maxAge, expiresAt);
  }

  public CookieAttributes withHttpOnly(boolean h) {
    return new CookieAttributes(path, domain, secure, h, sameSite, maxAge, expiresAt);
  }

  public CookieAttributes withSameSite(String s) {
    return new CookieAttributes(path, domain, secure, httpOnly, s, maxAge, expiresAt);
  }

  public CookieAttributes withMaxAge(Duration d) {
    return new CookieAttributes(path, domain, secure, httpOnly, sameSite, d, expiresAt);
  }

  public CookieAttributes withExpiresAt(Instant e) {
    return new CookieAttributes(path, domain, secure, httpOnly, sameSite, maxAge, e);
  }

  /** {@code name=value} followed by these attributes. */
  String format(String name, String value) {
    StringBuilder sb = new StringBuilder(name.length() + value.length() + 64);
    sb.append(name).append('=').append(value);
    if (domain != null) {
      sb.append("; Domain=").append(domain);
    }
    sb.append("; Path=").append(path);
    if (maxAge != null) {
      sb.append("; Max-Age=").append(maxAge.getSeconds());
    }
    if (expiresAt != null) {
      sb.append("; Expires=").append(HTTP_DATE.format(expiresAt));
    }
    if (secure) {
      sb.append("; Secure");
    }
    if (httpOnly) {
      sb.append("; HttpOnly");
    }
    if (sameSite != null) {
      sb.append("; SameSite=").append(sameSite);
    }
    return sb.toString();
  }

  /** IMF-fixdate (RFC 9110 §5.6.7), the form RFC 6265 expects in {@code Expires}. */
  static final java.time.format.DateTimeFormatter HTTP_DATE =
      java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(java.time.ZoneOffset.UTC);

  private static void requireToken(String what, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',') {
        throw new IllegalArgumentException("cookie " + what + " has an invalid character: " + v);
      }
    }
  }
}
