package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningParamsTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL|''|NULL|NULL|NULL|NULL|NULL",
      "''|''|NULL|NULL|NULL|NULL|NULL",
      "a=1&b=2|a=1&b=2|NULL|NULL|NULL|NULL|NULL",
      "Expires=100&Signature=s~_-&Key-Pair-Id=K1|''|100|NULL|s~_-|K1|NULL",
      "a=1&Expires=100&Signature=sig&Key-Pair-Id=K1|a=1|100|NULL|sig|K1|NULL",
      "Expires=100&a=1&Signature=sig&b=2&Key-Pair-Id=K1|a=1&b=2|100|NULL|sig|K1|NULL",
      "a=1&Policy=cG9s&Signature=sig&Key-Pair-Id=K1&Hash-Algorithm=SHA256|a=1|NULL|cG9s|sig|K1|SHA256",
      // percent-encoded values are decoded ('~' as %7E); names are exact
      "Signature=ab%7Ecd%5F&Key-Pair-Id=K1|''|NULL|NULL|ab~cd_|K1|NULL",
      "signature=x&key-pair-id=K1|signature=x&key-pair-id=K1|NULL|NULL|NULL|NULL|NULL",
      "Expiresx=1&xExpires=2|Expiresx=1&xExpires=2|NULL|NULL|NULL|NULL|NULL",
      // original bytes and order of the rest are kept, empty parts too
      "z=%20&Signature=s&a=b+c&&d|z=%20&a=b+c&&d|NULL|NULL|s|NULL|NULL",
      "Signature|''|NULL|NULL|''|NULL|NULL",
      "a&Signature=s|a|NULL|NULL|s|NULL|NULL",
      // a bad escape is left for base64 decoding to refuse
      "Signature=ab%zz|''|NULL|NULL|ab%zz|NULL|NULL",
  })
  void stripsSigningParameters(String raw, String rest, String expires, String policy,
      String signature, String keyPairId, String hash) {
    SigningParams.StrippedQuery q = SigningParams.strip(raw);
    assertThat(q.query()).isEqualTo(rest);
    SigningParams p = q.params();
    assertThat(p.expires()).isEqualTo(expires);
    assertThat(p.policy()).isEqualTo(policy);
    assertThat(p.signature()).isEqualTo(signature);
    assertThat(p.keyPairId()).isEqualTo(keyPairId);
    assertThat(p.hashAlgorithm()).isEqualTo(hash);
    assertThat(p.duplicate()).isNull();
  }

  @Test
  void reportsADuplicateAndKeepsTheFirstValue() {
    SigningParams p = SigningParams.strip("Signature=a&Key-Pair-Id=K&Signature=b").params();
    assertThat(p.duplicate()).isEqualTo("Signature");
    assertThat(p.signature()).isEqualTo("a");
  }

  @Test
  void appendsTheStrippedQueryToABase() {
    assertThat(SigningParams.strip("a=1&Signature=s").appendTo("https://h/p")).isEqualTo("https://h/p?a=1");
    assertThat(SigningParams.strip("Signature=s").appendTo("https://h/p")).isEqualTo("https://h/p");
    assertThat(SigningParams.strip("").appendTo("https://h/p")).isEqualTo("https://h/p");
  }

  @Test
  void hashAlgorithmAloneIsNotASignature() {
    assertThat(SigningParams.strip("Hash-Algorithm=SHA256").params().present()).isFalse();
    assertThat(SigningParams.strip("Expires=1").params().present()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "CloudFront-Policy=cG9s; CloudFront-Signature=c2ln; CloudFront-Key-Pair-Id=K1|cG9s|c2ln|K1|NULL",
      "a=b;CloudFront-Policy=cG9s;CloudFront-Signature=c2ln;CloudFront-Key-Pair-Id=K1;CloudFront-Hash-Algorithm=SHA256|cG9s|c2ln|K1|SHA256",
      "CloudFront-Policy=\"cG9s\"; CloudFront-Signature=c2ln|cG9s|c2ln|NULL|NULL",
      // the first of a repeated name wins (the most specific path comes first)
      "CloudFront-Policy=first; CloudFront-Policy=second|first|NULL|NULL|NULL",
      // names are case-sensitive, and must match whole
      "cloudfront-policy=x; CloudFront-PolicyX=y; XCloudFront-Policy=z|NULL|NULL|NULL|NULL",
      "session=abc|NULL|NULL|NULL|NULL",
  })
  void readsSigningCookies(String header, String policy, String signature, String keyPairId,
      String hash) {
    SigningParams p = SigningParams.fromCookies(List.of(header));
    assertThat(p.policy()).isEqualTo(policy);
    assertThat(p.signature()).isEqualTo(signature);
    assertThat(p.keyPairId()).isEqualTo(keyPairId);
    assertThat(p.hashAlgorithm()).isEqualTo(hash);
  }

  @Test
  void readsCookiesSpreadOverSeveralCookieLines() {
    SigningParams p = SigningParams.fromCookies(List.of("a=1; CloudFront-Expires=100",
        "CloudFront-Signature=s; CloudFront-Key-Pair-Id=K1"));
    assertThat(p).isEqualTo(new SigningParams("100", null, "s", "K1", null, null));
    assertThat(SigningParams.fromCookies(List.of())).isSameAs(SigningParams.NONE);
  }
}
