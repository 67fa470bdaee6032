package dev.streamedge.store;

/** The storage layer failed (I/O error, RocksDB error). Not a cache miss: something is broken. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
