package dev.streamedge.player.session;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.CookieAttributes;
import dev.streamedge.edge.auth.CustomPolicy;
import dev.streamedge.edge.auth.SignedCookies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Set-Cookie} values of a sign-in and a sign-out.
 *
 * <p>A sign-in gets one custom policy (CloudFront allows one statement per policy) whose {@code Resource}
 * is the public origin plus {@code resource} ({@code http://localhost:8080/*} by default): the cookies then
 * open every behavior that trusts the signing key's group, and which paths are subscriber-only is decided
 * by the edge's behaviors alone. {@code DateLessThan} is now plus the session length, and the cookies carry
 * the same {@code Max-Age}, with {@code Path=/; HttpOnly; SameSite=Lax}, and {@code Secure} when asked.
 *
 * <p>Beside them goes {@value #USER_COOKIE}, the user's name for the page header: readable by scripts and
 * used for display only; access is decided by the edge on the signed cookies.
 */
public final class SignInCookies {
  /** The display cookie's name. */
  public static final String USER_COOKIE = "StreamEdge-User";

  private final CloudFrontSigner signer;
  private final String resource;
  private final Duration sessionLength;
  private final Clock clock;

  /**
   * @param resource the policy's path pattern under the public origin, starting with {@code /}
   */
  public SignInCookies(CloudFrontSigner signer, String resource, Duration sessionLength, Clock clock) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.sessionLength = Objects.requireNonNull(sessionLength, "sessionLength");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!resource.startsWith("/")) {
      throw new IllegalArgumentException("resource must start with '/': " + resource);
    }
  }

  /** The policy a sign-in at {@code origin} gets, expiring one session length from now. */
  public CustomPolicy policy(PublicOrigin origin) {
    Instant expires = clock.instant().plus(sessionLength);
    return CustomPolicy.of(origin.url() + resource, expires);
  }

  /** Everything a successful sign-in sets, {@code Set-Cookie} values in order. */
  public List<String> signIn(String user, PublicOrigin origin, boolean secure) {
    Objects.requireNonNull(user, "user");
    SignedCookies cookies = signer.signedCookies(policy(origin));
    CookieAttributes attributes = attributes(secure).withMaxAge(sessionLength);
    List<String> out = new ArrayList<>(cookies.setCookieHeaders(attributes));
    out.add(userCookie(user, "Max-Age=" + sessionLength.getSeconds(), secure));
    return out;
  }

  /** What a sign-out sets: every signing cookie and the display cookie, expired. */
  public List<String> signOut(boolean secure) {
    List<String> out = new ArrayList<>(SignedCookies.clearingHeaders(attributes(secure)));
    out.add(userCookie("", "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT", secure));
    return out;
  }

  private static CookieAttributes attributes(boolean secure) {
    return CookieAttributes.defaults().withSecure(secure);
  }

  private static String userCookie(String value, String lifetime, boolean secure) {
    // Names are restricted to cookie-safe characters by UserDirectory.
    return USER_COOKIE + "=" + value + "; Path=/; " + lifetime + (secure ? "; Secure" : "") + "; SameSite=Lax";
  }
}
