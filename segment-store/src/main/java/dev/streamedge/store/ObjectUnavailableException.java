package dev.streamedge.store;

import java.util.Objects;

/**
 * A read cannot be served: the object (or the asked range) is no longer, or not, in the store.
 * Never means wrong bytes were returned; bytes returned before this were correct. The edge ends the
 * response (or, before the first byte, treats it as a miss).
 */
public final class ObjectUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the read failed. */
  public enum Reason {
    /** The fill being followed was aborted. */
    ABORTED,
    /** Purged, or replaced/evicted and its bytes already deleted. */
    GONE,
    /** A chunk failed its CRC32C or was missing: the object was dropped from the store. */
    CORRUPT,
    /** A sparse object does not have that range and no fill for it is in progress. */
    NOT_PRESENT
  }

  private final Reason reason;

  public ObjectUnavailableException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
