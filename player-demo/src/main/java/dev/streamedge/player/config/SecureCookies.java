package dev.streamedge.player.config;

/**
 * When the sign-in's cookies carry {@code Secure} ({@code player.secureCookies}).
 *
 * <ul>
 *   <li>{@code auto}: when the viewer's connection is HTTPS (the edge's {@code X-Forwarded-Proto}) or the
 *       configured {@code publicBaseUrl} is {@code https://};
 *   <li>{@code true}: always (a browser then never sends them over plain HTTP);
 *   <li>{@code false}: never.
 * </ul>
 */
public enum SecureCookies {
  AUTO, ALWAYS, NEVER;

  /** Whether cookies get {@code Secure} for a viewer who came over {@code https} (or not). */
  public boolean secure(boolean viewerHttps, boolean publicBaseHttps) {
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> viewerHttps || publicBaseHttps;
    };
  }

  static SecureCookies parse(String key, String text) {
    return switch (text) {
      case "auto" -> AUTO;
      case "true" -> ALWAYS;
      case "false" -> NEVER;
      default -> throw new PlayerConfigException(key, "expected auto, true or false, got '" + text + "'");
    };
  }
}
