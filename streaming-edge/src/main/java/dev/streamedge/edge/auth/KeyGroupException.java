package dev.streamedge.edge.auth;

/** Key groups that cannot be loaded; the message starts with the config key at fault. */
public final class KeyGroupException extends Exception {
  public KeyGroupException(String message) {
    super(message);
  }
}
