package dev.streamedge.edge.auth;

/** A key file that cannot be used: unreadable PEM, unsupported type or size, encrypted. */
public final class KeyFormatException extends Exception {
  public KeyFormatException(String message) {
    super(message);
  }

  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
