package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudfront.internal.utils.SigningUtils;

class PolicyJsonTest {
  private static final Instant EXP = Instant.ofEpochSecond(1_893_459_600L);
  private static final Instant START = Instant.ofEpochSecond(1_893_456_000L);
  private final PolicyJson json = new PolicyJson(8192);

  @ParameterizedTest
  @ValueSource(strings = {
      "https://cdn.example.com/vod/movie/master.m3u8",
      "https://cdn.example.com/a.ts?lang=en&x=%20y",
      "http://d111111abcdef8.cloudfront.net/images/horizon.jpg?size=large&license=yes",
      "https://cdn.example.com/vidéo/é.ts",
      "https://cdn.example.com/a~b_c-d.ts",
  })
  void cannedPolicyIsByteForByteTheAwsSdkOne(String url) {
    assertThat(PolicyJson.canned(url, EXP.getEpochSecond()))
        .isEqualTo(SigningUtils.buildCannedPolicy(url, EXP))
        .isEqualTo("{\"Statement\":[{\"Resource\":\"" + url
            + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1893459600}}}]}");
  }

  @ParameterizedTest(name = "ip={0} start={1}")
  @CsvSource(nullValues = "NULL", value = {
      "NULL, false", "192.0.2.0/24, false", "NULL, true", "2001:db8::/32, true"})
  void customPolicyIsWrittenAsTheAwsSdkWritesIt(String ip, boolean withStart) {
    String resource = "https://cdn.example.com/vod/*";
    CustomPolicy p = new CustomPolicy(resource, EXP, withStart ? START : null, ip);
    assertThat(p.toJson())
        .isEqualTo(SigningUtils.buildCustomPolicy(resource, withStart ? START : null, EXP, ip));
  }

  @Test
  void parsesWhatItWrites() throws Exception {
    CustomPolicy p = new CustomPolicy("https://cdn.example.com/vod/*", EXP, START, "192.0.2.0/24");
    PolicyStatement s = json.parseCustom(p.toJson().getBytes(StandardCharsets.UTF_8));
    assertThat(s.kind()).isEqualTo(PolicyKind.CUSTOM);
    assertThat(s.resource().pattern()).isEqualTo("https://cdn.example.com/vod/*");
    assertThat(s.expires()).isEqualTo(EXP.getEpochSecond());
    assertThat(s.notBefore()).isEqualTo(START.getEpochSecond());
    assertThat(s.sourceIp()).isEqualTo(CidrBlock.parse("192.0.2.0/24"));
  }

  @Test
  void acceptsWhiteSpaceAndAnyKeyOrder() throws Exception {
    // The AWS SDK for Java v1 wrote "Statement": [ with spaces; the documentation shows indented JSON.
    String doc = """
        {"Statement": [ {
            "Condition": { "IpAddress": {"AWS:SourceIp": "192.0.2.10/32"},
                           "DateLessThan": {"AWS:EpochTime": 1893459600} },
            "Resource": "http://*" } ] }
        """;
    PolicyStatement s = json.parseCustom(doc.getBytes(StandardCharsets.UTF_8));
    assertThat(s.expires()).isEqualTo(1_893_459_600L);
    assertThat(s.notBefore()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void resourceMayBeAbsent() throws Exception {
    String doc = "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}";
    assertThat(json.parseCustom(doc.getBytes(StandardCharsets.UTF_8)).resource()).isNull();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "[]|not a JSON object",
      "''|not a JSON object",
      "{|not JSON",
      "{\"Statement\":[]}|0 statements",
      "{\"Statement\":{}}|no Statement array",
      "{}|no Statement array",
      "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}},{}]}|2 statements",
      "{\"Statement\":[1]}|Statement[0] is not an object",
      "{\"Statement\":[{\"Resource\":\"x\"}]}|no Condition",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{}}]}|no DateLessThan",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":\"5\"}}}]}|not a time",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5.5}}}]}|not a time",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":-1}}}]}|not a time",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":99999999999999999999}}}]}|not a time",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{}}}]}|not a time",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":5}}]}|not an object",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5,\"x\":1}}}]}|unsupported key \"x\"",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"DateLessThanEquals\":{}}}]}|unsupported key \"DateLessThanEquals\"",
      "{\"Statement\":[{\"Resource\":\"x\",\"Action\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}|unsupported key \"Action\"",
      "{\"Version\":\"1\",\"Statement\":[]}|unsupported key \"Version\"",
      "{\"Statement\":[{\"Resource\":7,\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}|Resource is not a non-empty string",
      "{\"Statement\":[{\"Resource\":\"\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}|Resource is not a non-empty string",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":\"example.com\"}}}]}|not an IP address",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5},\"IpAddress\":{\"AWS:SourceIp\":[\"192.0.2.1\"]}}}]}|no AWS:SourceIp string",
      "{\"Statement\":[{\"Resource\":\"x\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}|not JSON",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}{}|not JSON",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]} x|not JSON",
      "{\"Statement\":[{\"Resource\":\"x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}],}|not JSON",
      "{\"Statement\":[{\"Resource\":'x',\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":5}}}]}|not JSON",
      "{/*c*/\"Statement\":[]}|not JSON",
      "{\"Statement\":[[[[[[[[[[[[]]]]]]]]]]]]}|not JSON",
  })
  void refusesAnythingOutsideTheShape(String doc, String message) {
    assertThatThrownBy(() -> json.parseCustom(doc.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedTokenException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesInvalidUtf8AndOtherEncodings() {
    byte[] latin1 = "{\"Statement\":[{\"Resource\":\"vid\u00e9o\"}]}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> json.parseCustom(latin1)).hasMessageContaining("not UTF-8");
    byte[] utf16 = "{\"Statement\":[]}".getBytes(StandardCharsets.UTF_16);
    assertThatThrownBy(() -> json.parseCustom(utf16)).isInstanceOf(MalformedTokenException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://h/\"x", "https://h/\\x", "https://h/\nx", "https://h/\u007fx"})
  void signingRefusesCharactersThatWouldNeedEscaping(String resource) {
    assertThatThrownBy(() -> CustomPolicy.of(resource, EXP)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cannedEscapesLikeJackson() {
    assertThat(PolicyJson.canned("a\"b\\c\u0001\n", 1))
        .isEqualTo("{\"Statement\":[{\"Resource\":\"a\\\"b\\\\c\\u0001\\n\",\"Condition\":"
            + "{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}");
  }
}
