package dev.streamedge.edge.accesslog;

/**
 * CloudFront's {@code x-edge-detailed-result-type} (standard log field 29): the result type itself
 * unless the result is {@code Error}, then the specific kind of error. Names and meanings are the
 * ones CloudFront documents ("Standard logging reference", field 29); values that only make sense
 * on CloudFront (Lambda@Edge, geo blocking, certificates, field-level encryption) are omitted.
 */
public enum DetailedResultType {
  HIT("Hit"),
  REFRESH_HIT("RefreshHit"),
  MISS("Miss"),
  LIMIT_EXCEEDED("LimitExceeded"),
  CAPACITY_EXCEEDED("CapacityExceeded"),
  /** An error that fits no other kind, e.g. an error status from the origin or from the cache. */
  ERROR("Error"),
  REDIRECT("Redirect"),
  /** The edge met a problem with the origin mid-response (e.g. a failover found a different object). */
  ABORTED_ORIGIN("AbortedOrigin"),
  /** The response to the viewer was interrupted by a problem between the edge and the viewer. */
  CLIENT_COMM_ERROR("ClientCommError"),
  /** The viewer stopped prematurely while sending the request. */
  CLIENT_HUNG_UP_REQUEST("ClientHungUpRequest"),
  /** The request was invalid. */
  INVALID_REQUEST("InvalidRequest"),
  /** The request contained an invalid (or oversized) header. */
  INVALID_REQUEST_HEADER("InvalidRequestHeader"),
  /** The behavior does not allow the request's method. */
  INVALID_REQUEST_METHOD("InvalidRequestMethod"),
  /** Timed out connecting to, or reading from, the origin. */
  ORIGIN_COMM_ERROR("OriginCommError"),
  /** Could not connect to the origin. */
  ORIGIN_CONNECT_ERROR("OriginConnectError"),
  /** The origin's Content-Length does not match its Content-Range. */
  ORIGIN_CONTENT_RANGE_LENGTH_ERROR("OriginContentRangeLengthError"),
  /** The origin's name did not resolve. */
  ORIGIN_DNS_ERROR("OriginDnsError"),
  /** The origin returned an incorrect response. */
  ORIGIN_ERROR("OriginError"),
  /** A header from the origin was too big. */
  ORIGIN_HEADER_TOO_BIG_ERROR("OriginHeaderTooBigError"),
  /** The origin returned an invalid response. */
  ORIGIN_INVALID_RESPONSE_ERROR("OriginInvalidResponseError"),
  /** Could not read from the origin (e.g. the connection was reset mid-body). */
  ORIGIN_READ_ERROR("OriginReadError"),
  /** Could not write (the request body) to the origin. */
  ORIGIN_WRITE_ERROR("OriginWriteError");

  private final String token;

  DetailedResultType(String token) {
    this.token = token;
  }

  /** The exact word CloudFront writes in the log. */
  public String token() {
    return token;
  }

  /** The detailed type that stands for a plain result type. */
  public static DetailedResultType of(ResultType type) {
    return switch (type) {
      case HIT -> HIT;
      case REFRESH_HIT -> REFRESH_HIT;
      case MISS -> MISS;
      case LIMIT_EXCEEDED -> LIMIT_EXCEEDED;
      case CAPACITY_EXCEEDED -> CAPACITY_EXCEEDED;
      case ERROR -> ERROR;
      case REDIRECT -> REDIRECT;
    };
  }
}
