package dev.streamedge.edge.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cookies a signer issued, by name in {@code Set-Cookie} order ({@code CloudFront-Policy} or
 * {@code CloudFront-Expires}, {@code CloudFront-Signature}, {@code CloudFront-Key-Pair-Id}, and
 * {@code CloudFront-Hash-Algorithm} for SHA-256), and the policy's expiry.
 */
public record SignedCookies(Map<String, String> cookies, Instant expires) {
  public SignedCookies {
    cookies = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(cookies,
        "cookies")));
    Objects.requireNonNull(expires, "expires");
  }

  /** One {@code Set-Cookie} field value per cookie. */
  public List<String> setCookieHeaders(CookieAttributes attributes) {
    List<String> out = new ArrayList<>(cookies.size());
    cookies.forEach((name, value) -> out.add(attributes.format(name, value)));
    return out;
  }

  /** The {@code Cookie} field value a browser would send back (for tests and clients). */
  public String cookieHeader() {
    StringBuilder sb = new StringBuilder();
    cookies.forEach((name, value) -> {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(name).append('=').append(value);
    });
    return sb.toString();
  }

  /**
   * {@code Set-Cookie} values that delete every CloudFront signing cookie (sign-out): empty values,
   * {@code Max-Age=0} and an {@code Expires} in 1970, with the same path and domain they were set
   * with (a cookie is only replaced by one with the same name, domain and path).
   */
  public static List<String> clearingHeaders(CookieAttributes attributes) {
    CookieAttributes clear =
        attributes.withMaxAge(java.time.Duration.ZERO).withExpiresAt(Instant.EPOCH);
    List<String> out = new ArrayList<>();
    for (String name : SigningParams.COOKIE_NAMES) {
      out.add(clear.format(name, ""));
    }
    return out;
  }
}
