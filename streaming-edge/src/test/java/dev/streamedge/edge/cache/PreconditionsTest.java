package dev.streamedge.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.cache.Preconditions.Result;
import dev.streamedge.edge.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §13.2.2 evaluation against a representation with ETag "v1" and Last-Modified LM. */
class PreconditionsTest {
  private static final String LM = "Mon, 01 Jan 2024 00:00:00 GMT";
  private static final String BEFORE = "Sun, 31 Dec 2023 00:00:00 GMT";
  private static final String AFTER = "Tue, 02 Jan 2024 00:00:00 GMT";

  private static final HttpFields REPRESENTATION = HttpFields.of(
      "ETag", "\"v1\"", "Last-Modified", LM, "Date", "Wed, 03 Jan 2024 00:00:00 GMT",
      "Cache-Control", "max-age=60", "Content-Type", "text/plain", "Content-Length", "5", "Vary", "Accept-Encoding");

  /** request fields as 'Name=value' pairs separated by ';;' ('-' none); dates named LM/BEFORE/AFTER. */
  @ParameterizedTest(name = "{0} [{1}] status {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "GET    | -                                           | 200 | PROCEED",
      // If-None-Match (weak comparison)
      "GET    | If-None-Match=\"v1\"                        | 200 | NOT_MODIFIED",
      "HEAD   | If-None-Match=\"v1\"                        | 200 | NOT_MODIFIED",
      "GET    | If-None-Match=W/\"v1\"                      | 200 | NOT_MODIFIED",
      "GET    | If-None-Match=\"v0\", \"v1\"                | 200 | NOT_MODIFIED",
      "GET    | If-None-Match=\"v0\"                        | 200 | PROCEED",
      "GET    | If-None-Match=*                             | 200 | NOT_MODIFIED",
      "GET    | If-None-Match=garbage                       | 200 | PROCEED",
      "POST   | If-None-Match=\"v1\"                        | 200 | PRECONDITION_FAILED",
      "PUT    | If-None-Match=*                             | 200 | PRECONDITION_FAILED",
      "DELETE | If-None-Match=\"v0\"                        | 200 | PROCEED",
      // If-None-Match wins over If-Modified-Since
      "GET    | If-None-Match=\"v0\";;If-Modified-Since=AFTER | 200 | PROCEED",
      "GET    | If-None-Match=\"v1\";;If-Modified-Since=BEFORE | 200 | NOT_MODIFIED",
      // If-Modified-Since
      "GET    | If-Modified-Since=LM                        | 200 | NOT_MODIFIED",
      "GET    | If-Modified-Since=AFTER                     | 200 | NOT_MODIFIED",
      "GET    | If-Modified-Since=BEFORE                    | 200 | PROCEED",
      "GET    | If-Modified-Since=garbage                   | 200 | PROCEED",
      "GET    | If-Modified-Since=LM;;If-Modified-Since=LM  | 200 | PROCEED",
      "POST   | If-Modified-Since=AFTER                     | 200 | PROCEED",
      // If-Match (strong comparison)
      "GET    | If-Match=\"v1\"                             | 200 | PROCEED",
      "GET    | If-Match=W/\"v1\"                           | 200 | PRECONDITION_FAILED",
      "GET    | If-Match=\"v0\"                             | 200 | PRECONDITION_FAILED",
      "GET    | If-Match=*                                  | 200 | PROCEED",
      "PUT    | If-Match=\"v0\", \"v1\"                     | 200 | PROCEED",
      "GET    | If-Match=garbage                            | 200 | PRECONDITION_FAILED",
      // If-Match beats If-Unmodified-Since; If-Unmodified-Since alone
      "GET    | If-Match=\"v1\";;If-Unmodified-Since=BEFORE | 200 | PROCEED",
      "GET    | If-Unmodified-Since=BEFORE                  | 200 | PRECONDITION_FAILED",
      "GET    | If-Unmodified-Since=LM                      | 200 | PROCEED",
      "GET    | If-Unmodified-Since=AFTER                   | 200 | PROCEED",
      "GET    | If-Unmodified-Since=garbage                 | 200 | PROCEED",
      // 412 before 304
      "GET    | If-Match=\"v0\";;If-None-Match=\"v1\"       | 200 | PRECONDITION_FAILED",
      "GET    | If-Unmodified-Since=BEFORE;;If-None-Match=\"v1\" | 200 | PRECONDITION_FAILED",
      // preconditions ignored for non-2xx
      "GET    | If-None-Match=\"v1\"                        | 404 | PROCEED",
      "GET    | If-Match=\"v0\"                             | 404 | PROCEED",
      "GET    | If-None-Match=\"v1\"                        | 301 | PROCEED",
      "GET    | If-None-Match=\"v1\"                        | 206 | NOT_MODIFIED",
  })
  void evaluation(String method, String request, int status, Result expected) {
    HttpFields.Builder b = HttpFields.builder();
    if (!request.equals("-")) {
      for (String pair : request.split(";;")) {
        int eq = pair.indexOf('=');
        String v = pair.substring(eq + 1).replace("BEFORE", BEFORE).replace("AFTER", AFTER);
        b.add(pair.substring(0, eq), v.equals("LM") ? LM : v);
      }
    }
    assertThat(Preconditions.evaluate(method, b.build(), status, REPRESENTATION)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "no Last-Modified, IMS vs Date: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Wed, 03 Jan 2024 00:00:00 GMT | NOT_MODIFIED",
      "Tue, 02 Jan 2024 00:00:00 GMT | PROCEED",
  })
  void ifModifiedSinceFallsBackToDate(String ims, Result expected) {
    HttpFields rep = HttpFields.of("Date", "Wed, 03 Jan 2024 00:00:00 GMT");
    assertThat(Preconditions.evaluate("GET", HttpFields.of("If-Modified-Since", ims), 200, rep)).isEqualTo(expected);
  }

  @Test
  void withoutAnyValidatorOnlyStarMatches() {
    HttpFields rep = HttpFields.of();
    assertThat(Preconditions.evaluate("GET", HttpFields.of("If-None-Match", "\"x\""), 200, rep)).isEqualTo(Result.PROCEED);
    assertThat(Preconditions.evaluate("GET", HttpFields.of("If-Match", "\"x\""), 200, rep)).isEqualTo(Result.PRECONDITION_FAILED);
    assertThat(Preconditions.evaluate("GET", HttpFields.of("If-Unmodified-Since", LM), 200, rep)).isEqualTo(Result.PROCEED);
  }

  @Test
  void notModifiedCarriesTheRfcSubset() {
    HttpFields h = Preconditions.notModifiedHeaders(REPRESENTATION);
    assertThat(h.asList()).extracting(HttpFields.Field::name)
        .containsExactly("ETag", "Date", "Cache-Control", "Vary");
    HttpFields noEtag = Preconditions.notModifiedHeaders(REPRESENTATION.without("ETag"));
    assertThat(noEtag.asList()).extracting(HttpFields.Field::name)
        .containsExactly("Last-Modified", "Date", "Cache-Control", "Vary");
  }
}
