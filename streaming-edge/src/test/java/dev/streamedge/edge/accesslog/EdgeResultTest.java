package dev.streamedge.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EdgeResultTest {
  @ParameterizedTest(name = "{0} {1} {2} -> {3} / {4} / {5}")
  @CsvSource({
      // status, source, failure -> x-edge-result-type, x-edge-response-result-type, detailed
      "200, CACHE,         NONE,                   Hit,              Hit,              Hit",
      "206, CACHE,         NONE,                   Hit,              Hit,              Hit",
      "304, CACHE,         NONE,                   Hit,              Hit,              Hit",
      "200, REVALIDATED,   NONE,                   RefreshHit,       RefreshHit,       RefreshHit",
      "200, ORIGIN,        NONE,                   Miss,             Miss,             Miss",
      "301, ORIGIN,        NONE,                   Miss,             Miss,             Miss",
      "301, EDGE_REDIRECT, NONE,                   Redirect,         Redirect,         Redirect",
      // error statuses: from the origin, from the cache, made by the edge
      "404, ORIGIN,        NONE,                   Error,            Error,            Error",
      "404, CACHE,         NONE,                   Error,            Error,            Error",
      "416, CACHE,         NONE,                   Error,            Error,            Error",
      "403, EDGE,          NONE,                   Error,            Error,            Error",
      "400, EDGE,          INVALID_REQUEST,        Error,            Error,            InvalidRequest",
      "431, EDGE,          INVALID_REQUEST_HEADER, Error,            Error,            InvalidRequestHeader",
      "403, EDGE,          INVALID_METHOD,         Error,            Error,            InvalidRequestMethod",
      "502, ORIGIN,        ORIGIN_CONNECT,         Error,            Error,            OriginConnectError",
      "502, ORIGIN,        ORIGIN_DNS,             Error,            Error,            OriginDnsError",
      "504, ORIGIN,        ORIGIN_TIMEOUT,         Error,            Error,            OriginCommError",
      "502, ORIGIN,        ORIGIN_READ,            Error,            Error,            OriginReadError",
      "502, ORIGIN,        ORIGIN_INVALID_RESPONSE, Error,           Error,            OriginInvalidResponseError",
      // the response started fine and broke mid-body: the response type survives in field 23
      "200, CACHE,         CLIENT_ABORTED,         Error,            Hit,              ClientCommError",
      "206, ORIGIN,        CLIENT_ABORTED,         Error,            Miss,             ClientCommError",
      "200, ORIGIN,        ORIGIN_READ,            Error,            Miss,             OriginReadError",
      "200, ORIGIN,        ORIGIN_TIMEOUT,         Error,            Miss,             OriginCommError",
      "200, ORIGIN,        ORIGIN_ABORTED,         Error,            Miss,             AbortedOrigin",
      "200, REVALIDATED,   CLIENT_ABORTED,         Error,            RefreshHit,       ClientCommError",
      // nothing was sent
      "0,   ORIGIN,        CLIENT_ABORTED,         Error,            Error,            ClientCommError",
      "0,   EDGE,          CLIENT_HUNG_UP_REQUEST, Error,            Error,            ClientHungUpRequest",
      // refusals
      "503, EDGE,          CAPACITY,               CapacityExceeded, CapacityExceeded, CapacityExceeded",
      "429, EDGE,          LIMIT,                  LimitExceeded,    LimitExceeded,    LimitExceeded"})
  void classifies(int status, ResponseSource source, FailureKind failure, String result, String response,
      String detailed) {
    EdgeResult r = EdgeResult.classify(status, source, failure);
    assertThat(r.result().token()).isEqualTo(result);
    assertThat(r.responseResult().token()).isEqualTo(response);
    assertThat(r.detailed().token()).isEqualTo(detailed);
  }

  /** CloudFront: "When x-edge-result-type is not Error, this field contains the same value". */
  @ParameterizedTest
  @EnumSource(ResponseSource.class)
  void detailedEqualsResultUnlessError(ResponseSource source) {
    for (FailureKind f : FailureKind.values()) {
      for (int status : new int[] {0, 200, 206, 304, 404, 503}) {
        EdgeResult r = EdgeResult.classify(status, source, f);
        if (r.result() != ResultType.ERROR) {
          assertThat(r.detailed()).isEqualTo(DetailedResultType.of(r.result()));
        }
        assertThat(EdgeResult.classify(status, source, f)).isSameAs(r);
      }
    }
  }
}
