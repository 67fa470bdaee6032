package dev.streamedge.player.demo;

/**
 * How {@link Demo#start(java.nio.file.Path, DemoOptions)} runs.
 *
 * @param ephemeralPorts start the packagers, the player and the edge on free ports (port 0) instead of the
 *     configured ones, wire the edge to the actual ports and drop {@code publicBaseUrl} on both the edge and
 *     the player, so that signed policies use the URL the viewer used: for tests, and for a demo next to
 *     something that already holds port 8080
 */
public record DemoOptions(boolean ephemeralPorts) {
  /** The configured ports (8080, 9001, 9002, 9100 in config/demo). */
  public static DemoOptions defaults() {
    return new DemoOptions(false);
  }

  /** Free ports everywhere; the URL to open is {@link Demo#url()}. */
  public static DemoOptions ephemeral() {
    return new DemoOptions(true);
  }
}
