package dev.streamedge.edge.accesslog;

/**
 * What went wrong, if anything: the second fact {@link EdgeResult#classify} needs. Each kind names
 * the CloudFront detailed result type it is logged as.
 */
public enum FailureKind {
  NONE(DetailedResultType.ERROR),
  /** The viewer went away (or stopped reading) before the last byte of the response. */
  CLIENT_ABORTED(DetailedResultType.CLIENT_COMM_ERROR),
  /** The viewer went away while still sending the request. */
  CLIENT_HUNG_UP_REQUEST(DetailedResultType.CLIENT_HUNG_UP_REQUEST),
  /** Unparseable request line, bad target, bad range syntax answered 400. */
  INVALID_REQUEST(DetailedResultType.INVALID_REQUEST),
  /** Invalid or oversized header block (400/431), over-long URI (414). */
  INVALID_REQUEST_HEADER(DetailedResultType.INVALID_REQUEST_HEADER),
  /** The behavior does not allow the method. */
  INVALID_METHOD(DetailedResultType.INVALID_REQUEST_METHOD),
  /** The edge refused for lack of capacity (503). Logged as CapacityExceeded, not Error. */
  CAPACITY(DetailedResultType.CAPACITY_EXCEEDED),
  /** The edge refused because a configured limit was exceeded. Logged as LimitExceeded. */
  LIMIT(DetailedResultType.LIMIT_EXCEEDED),
  /** Connection refused / no origin member accepted a connection. */
  ORIGIN_CONNECT(DetailedResultType.ORIGIN_CONNECT_ERROR),
  ORIGIN_DNS(DetailedResultType.ORIGIN_DNS_ERROR),
  /** Connect or read timeout: no response start within readTimeout, or a stall mid-body. */
  ORIGIN_TIMEOUT(DetailedResultType.ORIGIN_COMM_ERROR),
  /** The origin closed or reset the connection (before or during the body). */
  ORIGIN_READ(DetailedResultType.ORIGIN_READ_ERROR),
  /** The origin's response could not be parsed or broke HTTP framing. */
  ORIGIN_INVALID_RESPONSE(DetailedResultType.ORIGIN_INVALID_RESPONSE_ERROR),
  /** The origin's header block was larger than the edge accepts. */
  ORIGIN_HEADER_TOO_BIG(DetailedResultType.ORIGIN_HEADER_TOO_BIG_ERROR),
  /** Content-Length and Content-Range of the origin's response disagree. */
  ORIGIN_CONTENT_RANGE_MISMATCH(DetailedResultType.ORIGIN_CONTENT_RANGE_LENGTH_ERROR),
  /** Sending the request body to the origin failed. */
  ORIGIN_WRITE(DetailedResultType.ORIGIN_WRITE_ERROR),
  /**
   * The response was cut because continuing was unsafe, e.g. a mid-body failover found an object
   * with different validators (two objects are never spliced).
   */
  ORIGIN_ABORTED(DetailedResultType.ABORTED_ORIGIN);

  private final DetailedResultType detailed;

  FailureKind(DetailedResultType detailed) {
    this.detailed = detailed;
  }

  /** How this failure appears in {@code x-edge-detailed-result-type} when the result is Error. */
  public DetailedResultType detailed() {
    return detailed;
  }
}
