package dev.streamedge.packager.config;

/** A configuration that cannot be used; the message starts with the offending key, e.g. {@code packager.listen}. */
public final class ConfigException extends RuntimeException {
  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** The dotted key the problem is about, e.g. {@code packager.live[0].window}. */
  public String key() {
    return key;
  }

  /** What is wrong, without the key. */
  public String problem() {
    return problem;
  }

  /** The same problem with the key placed under {@code prefix} (e.g. {@code packager.live[0]}). */
  ConfigException under(String prefix) {
    return new ConfigException(prefix + "." + key, problem);
  }
}
