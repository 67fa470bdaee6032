package dev.streamedge.player.session;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code scheme://host[:port]} a viewer used, as the player sees it behind the edge: the edge sets
 * {@code X-Forwarded-Proto} (its own listener's scheme, never the viewer's header) and
 * {@code X-Forwarded-Host} (the viewer's {@code Host}). A request that reached the player directly has
 * only {@code Host}.
 */
public record PublicOrigin(String scheme, String authority) {
  /** {@code host}, {@code host:port}, {@code [v6]:port}: nothing a policy or a header could trip on. */
  private static final Pattern AUTHORITY = Pattern.compile(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*\\.?|\\[[0-9A-Fa-f:.]{2,45}\\])"
          + "(?::\\d{1,5})?");

  public PublicOrigin {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
  }

  /** {@code scheme://authority}, the form of an {@code Origin} header and of a policy's URL prefix. */
  public String url() {
    return scheme + "://" + authority;
  }

  public boolean https() {
    return scheme.equals("https");
  }

  /** The configured public base URL. */
  public static PublicOrigin of(URI baseUrl) {
    return new PublicOrigin(baseUrl.getScheme().toLowerCase(Locale.ROOT), baseUrl.getRawAuthority());
  }

  /**
   * The origin of a request from its headers, or empty when they do not name a usable one (then the
   * caller answers 400).
   *
   * @param forwardedProto {@code X-Forwarded-Proto} or null
   * @param forwardedHost {@code X-Forwarded-Host} or null
   * @param host {@code Host} or null
   */
  public static Optional<PublicOrigin> ofRequest(String forwardedProto, String forwardedHost, String host) {
    String scheme = "http";
    if (forwardedProto != null) {
      String p = first(forwardedProto).toLowerCase(Locale.ROOT);
      if (!p.equals("http") && !p.equals("https")) {
        return Optional.empty();
      }
      scheme = p;
    }
    String authority = forwardedHost != null ? first(forwardedHost) : host;
    if (authority == null || !AUTHORITY.matcher(authority).matches()) {
      return Optional.empty();
    }
    return Optional.of(new PublicOrigin(scheme, authority.toLowerCase(Locale.ROOT)));
  }

  /** A forwarding header may list several hops; the first is the one closest to the viewer. */
  private static String first(String value) {
    int comma = value.indexOf(',');
    return (comma < 0 ? value : value.substring(0, comma)).strip();
  }
}
