package dev.streamedge.store;

/**
 * Life of one stored object version as a reader sees it. Used in logs and, by the edge, in
 * headers; a reader observes the transitions live.
 */
public enum ObjectState {
  /** Being written for the first time; nothing committed yet. Readers follow the fill. */
  FILLING,
  /** Committed (for a sparse object: at least one slice committed). */
  COMMITTED,
  /** The fill was aborted before any commit: its bytes are gone. */
  ABORTED,
  /** Purged or dropped as corrupt: reads fail with {@link ObjectUnavailableException}. */
  GONE
}
