package dev.streamedge.edge.tls;

/** A certificate or key that cannot be served: unreadable PEM, a key that is not the certificate's, a bad name. */
public final class TlsMaterialException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlsMaterialException(String message) {
    super(message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
