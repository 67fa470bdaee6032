package dev.streamedge.packager.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsePlannerTest {
  private static final Instant MODIFIED = Instant.parse("2025-01-01T10:00:00Z");
  private static final byte[] BYTES = "0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final Representation REP =
      new Representation("text/plain", 10, "\"v1\"", MODIFIED, "public, max-age=60", new Content.BytesContent(BYTES));
  private final ResponsePlanner planner = new ResponsePlanner(16);

  private static Request get(String method, String... headers) {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i].toLowerCase(), headers[i + 1]);
    }
    return new Request(method, "/x", h);
  }

  /** Conditional requests, RFC 9110 section 13.2.2 order. Headers as "Name=value;Name=value". */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET | - | 200",
      "HEAD | - | 200",
      "GET | If-None-Match=\"v1\" | 304",
      "GET | If-None-Match=W/\"v1\" | 304",
      "GET | If-None-Match=\"v0\", \"v1\" | 304",
      "GET | If-None-Match=* | 304",
      "GET | If-None-Match=\"v2\" | 200",
      "GET | If-None-Match=\"v2\";If-Modified-Since=Wed, 01 Jan 2025 10:00:00 GMT | 200",
      "GET | If-Modified-Since=Wed, 01 Jan 2025 10:00:00 GMT | 304",
      "GET | If-Modified-Since=Wed, 01 Jan 2025 11:00:00 GMT | 304",
      "GET | If-Modified-Since=Wed, 01 Jan 2025 09:59:59 GMT | 200",
      "GET | If-Modified-Since=garbage | 200",
      "GET | If-Match=\"v1\" | 200",
      "GET | If-Match=W/\"v1\" | 412",
      "GET | If-Match=\"v2\" | 412",
      "GET | If-Match=* | 200",
      "GET | If-Unmodified-Since=Wed, 01 Jan 2025 09:00:00 GMT | 412",
      "GET | If-Unmodified-Since=Wed, 01 Jan 2025 10:00:00 GMT | 200",
      "GET | Range=bytes=2-4 | 206",
      "HEAD | Range=bytes=2-4 | 200",
      "GET | Range=bytes=20- | 416",
      "GET | Range=bytes=2-4;If-Range=\"v1\" | 206",
      "GET | Range=bytes=2-4;If-Range=\"v2\" | 200",
      "GET | Range=bytes=2-4;If-Range=W/\"v1\" | 200",
      "GET | Range=bytes=2-4;If-Range=Wed, 01 Jan 2025 10:00:00 GMT | 206",
      "GET | Range=bytes=2-4;If-Range=Wed, 01 Jan 2025 10:00:01 GMT | 200",
      "GET | Range=bytes=0-1,4-5 | 206",
      "GET | Range=bytes=2-4;If-None-Match=\"v1\" | 304",
  })
  void statuses(String method, String headers, int status) {
    String[] kv = headers.equals("-") ? new String[0] : headers.split(";");
    String[] flat = new String[kv.length * 2];
    for (int i = 0; i < kv.length; i++) {
      int eq = kv[i].indexOf('=');
      flat[2 * i] = kv[i].substring(0, eq);
      flat[2 * i + 1] = kv[i].substring(eq + 1);
    }
    assertThat(planner.plan(get(method, flat), REP).status()).isEqualTo(status);
  }

  @Test
  void fullResponseCarriesValidatorsAndLength() {
    Response r = planner.plan(get("GET"), REP);
    assertThat(r.header("ETag")).isEqualTo("\"v1\"");
    assertThat(r.header("Last-Modified")).isEqualTo("Wed, 01 Jan 2025 10:00:00 GMT");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(r.header("Content-Length")).isEqualTo("10");
    assertThat(r.body()).isEqualTo(new Body.Slice(REP.content(), 0, 10));
  }

  @Test
  void headHasLengthButNoBody() {
    Response r = planner.plan(get("HEAD"), REP);
    assertThat(r.header("Content-Length")).isEqualTo("10");
    assertThat(r.body()).isInstanceOf(Body.Empty.class);
  }

  @Test
  void singleRange() {
    Response r = planner.plan(get("GET", "Range", "bytes=2-4"), REP);
    assertThat(r.header("Content-Range")).isEqualTo("bytes 2-4/10");
    assertThat(r.header("Content-Length")).isEqualTo("3");
    assertThat(r.body()).isEqualTo(new Body.Slice(REP.content(), 2, 3));
  }

  @Test
  void unsatisfiableNamesTheLength() {
    Response r = planner.plan(get("GET", "Range", "bytes=10-"), REP);
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.header("Content-Range")).isEqualTo("bytes */10");
  }

  @Test
  void multipartByteranges() {
    Response r = planner.plan(get("GET", "Range", "bytes=0-1,-2"), REP);
    assertThat(r.header("Content-Type")).isEqualTo("multipart/byteranges; boundary=streamedge-v1");
    Body.Multipart m = (Body.Multipart) r.body();
    StringBuilder wire = new StringBuilder();
    for (Body.Part p : m.parts()) {
      wire.append(new String(p.header(), StandardCharsets.US_ASCII));
      Body.Slice s = p.slice();
      wire.append(new String(BYTES, (int) s.offset(), (int) s.length(), StandardCharsets.US_ASCII));
    }
    wire.append(new String(m.closing(), StandardCharsets.US_ASCII));
    assertThat(wire.toString()).isEqualTo(
        "--streamedge-v1\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
            + "\r\n--streamedge-v1\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89"
            + "\r\n--streamedge-v1--\r\n");
    assertThat(r.header("Content-Length")).isEqualTo(Long.toString(wire.length()));
  }

  @Test
  void notModifiedKeepsValidators() {
    Response r = planner.plan(get("GET", "If-None-Match", "\"v1\""), REP);
    assertThat(r.header("ETag")).isEqualTo("\"v1\"");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(r.body()).isInstanceOf(Body.Empty.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Wed, 01 Jan 2025 10:00:00 GMT | 2025-01-01T10:00:00Z",
      "Wednesday, 01-Jan-25 10:00:00 GMT | 2025-01-01T10:00:00Z",
      "Wed Jan  1 10:00:00 2025 | 2025-01-01T10:00:00Z",
  })
  void httpDates(String text, String instant) {
    assertThat(HttpDates.parse(text)).contains(Instant.parse(instant));
  }
}
