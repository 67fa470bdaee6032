package dev.streamedge.edge.netty;

/**
 * What a fill ({@link Fill}, {@link SliceFill}) does once a batch that was not the last is stored.
 * One rule for both, because the order matters: a body that ended while the batch was being stored
 * is stored and committed even though the fetch is done by then (an origin that closes the
 * connection delivers its whole remainder at once); only a fetch that is done without an end failed.
 */
enum AfterBatch {
  /** Store what arrived meanwhile (and commit, if the body ended). */
  STORE,
  /** The origin failed mid-body: the writer is aborted. */
  ORIGIN_FAILED,
  /** Nothing waiting: ask the origin for more. */
  READ;

  static AfterBatch next(boolean ended, boolean fetchDone, boolean batchEmpty) {
    if (ended) {
      return STORE;
    }
    if (fetchDone) {
      return ORIGIN_FAILED;
    }
    return batchEmpty ? READ : STORE;
  }
}
