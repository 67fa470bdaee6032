package dev.streamedge.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CloudFrontLogFormatTest {
  private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36";
  private static final String CHROME_LOGGED = "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36"
      + "%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36";

  @Test
  void headerIsCloudFrontsTwoLines() {
    assertThat(CloudFrontLogFormat.HEADER).isEqualTo("#Version: 1.0\n"
        + "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) "
        + "cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol "
        + "cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type "
        + "cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte "
        + "x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n");
    assertThat(CloudFrontLogFormat.FIELDS).hasSize(33);
  }

  /** The first line of the example log in CloudFront's Developer Guide, reproduced byte for byte. */
  @Test
  void reproducesCloudFrontsPublishedHitLine() {
    AccessRecord r = AccessRecord.builder()
        .timestampMillis(Instant.parse("2019-12-04T21:02:31.480Z").toEpochMilli())
        .responseBytes(392).clientIp("192.0.2.100").method("GET")
        .distributionHost("d111111abcdef8.cloudfront.net").path("/index.html").status(200)
        .userAgent(CHROME).result(EdgeResult.classify(200, ResponseSource.CACHE, FailureKind.NONE))
        .requestId("SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==")
        .hostHeader("d111111abcdef8.cloudfront.net").scheme("https").requestBytes(23)
        .timeTakenNanos(1_200_000).tlsProtocol("TLSv1.2").tlsCipher("ECDHE-RSA-AES128-GCM-SHA256")
        .protocolVersion(ProtocolVersion.HTTP_2).clientPort(11040).timeToFirstByteNanos(900_000)
        .contentType("text/html").contentLength(78)
        .build();
    assertThat(new CloudFrontLogFormat("LAX1", false).format(r)).isEqualTo(
        "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\t"
        + CHROME_LOGGED + "\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\t"
        + "d111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\t"
        + "HTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-\n");
  }

  /** The OriginDnsError line of the same example. */
  @Test
  void reproducesCloudFrontsPublishedErrorLine() {
    AccessRecord r = AccessRecord.builder()
        .timestampMillis(Instant.parse("2019-12-13T22:36:27Z").toEpochMilli())
        .responseBytes(900).clientIp("192.0.2.200").method("GET")
        .distributionHost("d111111abcdef8.cloudfront.net").path("/favicon.ico").status(502)
        .referer("http://www.example.com/").userAgent(CHROME)
        .result(EdgeResult.classify(502, ResponseSource.ORIGIN, FailureKind.ORIGIN_DNS))
        .requestId("1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==")
        .hostHeader("www.example.com").scheme("http").requestBytes(675).timeTakenNanos(102_000_000)
        .protocolVersion(ProtocolVersion.HTTP_1_1).clientPort(25260).timeToFirstByteNanos(102_000_000)
        .contentType("text/html").contentLength(507)
        .build();
    assertThat(new CloudFrontLogFormat("SEA19-C1", false).format(r)).isEqualTo(
        "2019-12-13\t22:36:27\tSEA19-C1\t900\t192.0.2.200\tGET\td111111abcdef8.cloudfront.net\t/favicon.ico\t502\t"
        + "http://www.example.com/\t" + CHROME_LOGGED + "\t-\t-\tError\t"
        + "1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==\twww.example.com\thttp\t675\t0.102\t-\t-\t-\t"
        + "Error\tHTTP/1.1\t-\t-\t25260\t0.102\tOriginDnsError\ttext/html\t507\t-\t-\n");
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("plain", "/video/seg-00001.ts", "/video/seg-00001.ts"),
        Arguments.of("space", "a b", "a%20b"),
        Arguments.of("every listed character", "<>\"#%{}|\\^~[]`'", "%3C%3E%22%23%25%7B%7D%7C%5C%5E%7E%5B%5D%60%27"),
        Arguments.of("kept punctuation", "!$&()*+,-./:;=?@_", "!$&()*+,-./:;=?@_"),
        Arguments.of("control characters", "a\tb\nc\rd\u0000e\u001f", "a%09b%0Ac%0Dd%00e%1F"),
        Arguments.of("DEL", "\u007f", "%7F"),
        Arguments.of("already encoded is encoded again", "range=bytes%3D0-99", "range=bytes%253D0-99"),
        Arguments.of("raw UTF-8 bytes as received (é)", "caf\u00c3\u00a9", "caf%C3%A9"),
        Arguments.of("decoded text above U+00FF (€)", "\u20ac", "%E2%82%AC"),
        Arguments.of("supplementary (emoji)", "\ud83c\udfac", "%F0%9F%8E%AC"),
        Arguments.of("lone surrogate", "\ud83c!", "%EF%BF%BD!"),
        Arguments.of("empty", "", "-"),
        Arguments.of("null", null, "-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void escapesAsCloudFrontDoes(String what, String value, String logged) {
    assertThat(CloudFrontLogFormat.escape(value)).isEqualTo(logged);
  }

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource({
      "0, 0.000",
      "499999, 0.000",
      "500000, 0.001",
      "1499999, 0.001",
      "1500000, 0.002",
      "999999999, 1.000",
      "12345678900, 12.346",
      "3600000000000, 3600.000",
      "-1, -"})
  void secondsHaveThreeDecimals(long nanos, String text) {
    assertThat(CloudFrontLogFormat.appendSeconds(new LineBuffer(4), nanos).toString()).isEqualTo(text);
  }

  @Test
  void dateAndTimeAgreeWithJavaTime() {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'\t'HH:mm:ss'\t'").withZone(ZoneOffset.UTC);
    Random rnd = new Random(7);
    long[] fixed = {0, 999, 1000, 951_782_400_000L /* 2000-02-29 */, 1_582_934_400_000L /* 2020-02-29 */,
        4_102_444_799_999L /* 2099-12-31T23:59:59.999 */, 253_402_300_799_000L /* 9999-12-31T23:59:59 */};
    for (long t : fixed) {
      assertDate(f, t);
    }
    for (int i = 0; i < 20_000; i++) {
      assertDate(f, (long) (rnd.nextDouble() * 4_102_444_800_000L));
    }
  }

  private static void assertDate(DateTimeFormatter f, long millis) {
    LineBuffer b = new LineBuffer(4);
    CloudFrontLogFormat.appendDateTab(b, millis);
    assertThat(b.toString()).as("millis %d", millis).isEqualTo(f.format(Instant.ofEpochMilli(millis)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1              | 192.0.2.1",
      "2001:db8::1            | 2001:db8::1",
      "[2001:db8::1]          | 2001:db8::1",
      "fe80:0:0:0:0:0:0:1%eth0 | fe80:0:0:0:0:0:0:1",
      "0:0:0:0:0:0:0:1%1      | 0:0:0:0:0:0:0:1"})
  void clientAddressWithoutBracketsOrZone(String ip, String logged) {
    assertThat(field(minimal().clientIp(ip).build(), "c-ip")).isEqualTo(logged);
  }

  @Test
  void cookiesOnlyWhenConfigured() {
    AccessRecord r = minimal().cookie("CloudFront-Policy=eyJ; CloudFront-Signature=ab~c").build();
    assertThat(field(new CloudFrontLogFormat("E1", false), r, "cs(Cookie)")).isEqualTo("-");
    assertThat(field(new CloudFrontLogFormat("E1", true), r, "cs(Cookie)"))
        .isEqualTo("CloudFront-Policy=eyJ;%20CloudFront-Signature=ab%7Ec");
  }

  @ParameterizedTest(name = "status {0} -> {1}")
  @CsvSource({"0, 000", "200, 200", "206, 206", "499, 499", "-1, 000"})
  void statusIsThreeDigits(int status, String logged) {
    assertThat(field(minimal().status(status).build(), "sc-status")).isEqualTo(logged);
  }

  @Test
  void rangeFieldsOnlyWithContentRange() {
    assertThat(field(minimal().range(0, 1_048_575).build(), "sc-range-start")).isEqualTo("0");
    assertThat(field(minimal().range(5_000_000_000L, 9_999_999_999L).build(), "sc-range-end")).isEqualTo("9999999999");
    assertThat(field(minimal().build(), "sc-range-start")).isEqualTo("-");
    assertThat(field(minimal().contentLength(-1).build(), "sc-content-len")).isEqualTo("-");
    assertThat(field(minimal().timeToFirstByteNanos(-1).build(), "time-to-first-byte")).isEqualTo("-");
  }

  @Test
  void protocolVersionSpelling() {
    assertThat(field(minimal().protocolVersion(ProtocolVersion.HTTP_2).build(), "cs-protocol-version")).isEqualTo("HTTP/2.0");
    assertThat(field(minimal().protocolVersion(ProtocolVersion.OTHER).build(), "cs-protocol-version")).isEqualTo("-");
    assertThat(ProtocolVersion.of("HTTP/2")).isEqualTo(ProtocolVersion.HTTP_2);
    assertThat(ProtocolVersion.of("HTTP/1.0")).isEqualTo(ProtocolVersion.HTTP_1_0);
    assertThat(ProtocolVersion.of("SPDY/3")).isEqualTo(ProtocolVersion.OTHER);
  }

  /** Whatever the strings contain, a line is 33 tab-separated printable-ASCII fields and one line feed. */
  @Test
  void hostileValuesNeverBreakTheLine() {
    Random rnd = new Random(11);
    CloudFrontLogFormat format = new CloudFrontLogFormat("edge\t1 \u00e9", true);
    for (int i = 0; i < 2_000; i++) {
      AccessRecord r = AccessRecord.builder().timestampMillis(rnd.nextLong() >>> 24).clientIp(junk(rnd))
          .method(junk(rnd)).distributionHost(junk(rnd)).path(junk(rnd)).status(rnd.nextInt(700) - 50)
          .referer(junk(rnd)).userAgent(junk(rnd)).query(junk(rnd)).cookie(junk(rnd)).requestId(junk(rnd))
          .hostHeader(junk(rnd)).scheme(junk(rnd)).forwardedFor(junk(rnd)).tlsProtocol(junk(rnd))
          .tlsCipher(junk(rnd)).contentType(junk(rnd)).build();
      String line = format.format(r);
      assertThat(line).endsWith("\n");
      String body = line.substring(0, line.length() - 1);
      assertThat(body.split("\t", -1)).hasSize(33).allSatisfy(f -> assertThat(f).isNotEmpty());
      assertThat(body.chars().allMatch(c -> c == '\t' || (c > 32 && c < 127))).as(body).isTrue();
    }
  }

  private static String junk(Random rnd) {
    int n = rnd.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) switch (rnd.nextInt(4)) {
        case 0 -> rnd.nextInt(128);
        case 1 -> rnd.nextInt(256);
        case 2 -> rnd.nextInt(0x10000);
        default -> "\t\n\r %\"'".charAt(rnd.nextInt(7));
      });
    }
    return sb.toString();
  }

  private static AccessRecord.Builder minimal() {
    return AccessRecord.builder().timestampMillis(0).clientIp("192.0.2.1").method("GET").path("/").status(200);
  }

  private static String field(AccessRecord r, String name) {
    return field(new CloudFrontLogFormat("E1", false), r, name);
  }

  private static String field(CloudFrontLogFormat format, AccessRecord r, String name) {
    String line = format.format(r);
    return line.substring(0, line.length() - 1).split("\t", -1)[CloudFrontLogFormat.FIELDS.indexOf(name)];
  }
}
