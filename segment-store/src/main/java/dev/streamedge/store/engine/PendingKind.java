package dev.streamedge.store.engine;

/**
 * Why chunks exist that no committed record references yet (or any more). A pending record is
 * written before (or with) the first such chunk and deleted with the commit or the cleanup; on
 * restart every pending record's chunks are deleted. That is how a crash mid-fill, or with an
 * evicted version still pinned by readers, leaves no orphaned bytes.
 */
public enum PendingKind {
  /** A whole-object fill: every chunk of the generation. */
  FILL,
  /** A slice fill: chunks {@code [from, to)} of the generation. */
  SLICE,
  /** A retired version whose deletion waits for its readers: every chunk of the generation. */
  DROP
}
