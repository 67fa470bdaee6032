package dev.streamedge.player.config;

/**
 * A configuration problem, named by its key path ({@code player.catalog[2].id}) so that the message alone
 * tells the user what to fix.
 */
public final class PlayerConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public PlayerConfigException(String key, String problem) {
    super(key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
  }

  /** The key path the problem is about; empty for the whole file. */
  public String key() {
    return key;
  }
}
