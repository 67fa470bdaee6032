package dev.streamedge.edge.accesslog;

import java.util.Objects;

/**
 * CloudFront's three result-type fields for one response: {@code x-edge-result-type} (after the
 * last byte), {@code x-edge-response-result-type} (just before the response went out) and {@code
 * x-edge-detailed-result-type} (the specific error when the result is Error).
 *
 * <p>{@link #classify} derives them from three facts the request path knows, following the rules
 * CloudFront documents for these fields ("Standard logging reference", fields 14, 23 and 29):
 * <ul>
 *   <li>the source gives the base type: cache → Hit, revalidated → RefreshHit, origin or edge →
 *       Miss, edge redirect → Redirect;
 *   <li>a 4xx/5xx status (or none, {@code 000}) makes the response Error: a 404 from the origin is
 *       Error/Error/Error, and so is an error served from the cache;
 *   <li>a failure after a non-error status went out (viewer gone mid-body, origin died mid-body)
 *       keeps the response type (Hit, Miss…) but makes the final result Error, with the failure
 *       as the detailed type: "if x-edge-result-type is Error and x-edge-response-result-type is
 *       not Error, the client disconnected before finishing the download" (or the origin failed);
 *   <li>capacity and limit refusals are CapacityExceeded / LimitExceeded in all three fields.
 * </ul>
 * All combinations are computed once, so {@code classify} allocates nothing.
 */
public record EdgeResult(ResultType result, ResultType responseResult, DetailedResultType detailed) {
  public static final EdgeResult HIT = of(ResultType.HIT);
  public static final EdgeResult REFRESH_HIT = of(ResultType.REFRESH_HIT);
  public static final EdgeResult MISS = of(ResultType.MISS);
  public static final EdgeResult ERROR = of(ResultType.ERROR);

  private static final ResponseSource[] SOURCES = ResponseSource.values();
  private static final FailureKind[] FAILURES = FailureKind.values();
  /** [error status ? 1 : 0][source][failure]. */
  private static final EdgeResult[][][] TABLE = table();

  public EdgeResult {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(responseResult, "responseResult");
    Objects.requireNonNull(detailed, "detailed");
  }

  /** The same type in all three fields (no failure). */
  public static EdgeResult of(ResultType type) {
    return new EdgeResult(type, type, DetailedResultType.of(type));
  }

  /**
   * Classifies a finished request.
   *
   * @param status the status sent to the viewer; 0 when none was sent (logged as {@code 000})
   * @param source where the response (or the attempt at one) came from
   * @param failure what went wrong, {@link FailureKind#NONE} when the response completed
   */
  public static EdgeResult classify(int status, ResponseSource source, FailureKind failure) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(failure, "failure");
    return TABLE[isErrorStatus(status) ? 1 : 0][source.ordinal()][failure.ordinal()];
  }

  /** True when the final result is Error but the response had started as something else. */
  public boolean brokeMidResponse() {
    return result == ResultType.ERROR && responseResult != ResultType.ERROR;
  }

  private static boolean isErrorStatus(int status) {
    return status < 100 || status >= 400;
  }

  private static EdgeResult[][][] table() {
    EdgeResult[][][] t = new EdgeResult[2][SOURCES.length][FAILURES.length];
    for (int e = 0; e < 2; e++) {
      for (ResponseSource s : SOURCES) {
        for (FailureKind f : FAILURES) {
          t[e][s.ordinal()][f.ordinal()] = compute(e == 1, s, f);
        }
      }
    }
    return t;
  }

  private static EdgeResult compute(boolean errorStatus, ResponseSource source, FailureKind failure) {
    if (failure == FailureKind.CAPACITY) {
      return of(ResultType.CAPACITY_EXCEEDED);
    }
    if (failure == FailureKind.LIMIT) {
      return of(ResultType.LIMIT_EXCEEDED);
    }
    ResultType base = switch (source) {
      case CACHE -> ResultType.HIT;
      case REVALIDATED -> ResultType.REFRESH_HIT;
      case ORIGIN, EDGE -> ResultType.MISS;
      case EDGE_REDIRECT -> ResultType.REDIRECT;
    };
    ResultType response = errorStatus ? ResultType.ERROR : base;
    ResultType result = failure == FailureKind.NONE ? response : ResultType.ERROR;
    DetailedResultType detailed = result == ResultType.ERROR ? failure.detailed() : DetailedResultType.of(result);
    return new EdgeResult(result, response, detailed);
  }
}
