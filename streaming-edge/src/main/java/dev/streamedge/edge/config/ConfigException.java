package dev.streamedge.edge.config;

/**
 * A configuration problem, named by its key path ({@code distribution.origins[0].url}) so that the
 * message alone tells the user what to fix.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigException(String key, String problem) {
    super(key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
  }

  /** The key path the problem is about, e.g. {@code edge.listen}; empty for the whole file. */
  public String key() {
    return key;
  }
}
