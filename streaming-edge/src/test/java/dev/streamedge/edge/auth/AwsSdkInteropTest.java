package dev.streamedge.edge.auth;

import static dev.streamedge.edge.auth.SignedRequests.BASE;
import static dev.streamedge.edge.auth.SignedRequests.CLIENT;
import static dev.streamedge.edge.auth.SignedRequests.EXP;
import static dev.streamedge.edge.auth.SignedRequests.GROUPS;
import static dev.streamedge.edge.auth.SignedRequests.K_EC;
import static dev.streamedge.edge.auth.SignedRequests.K_RSA;
import static dev.streamedge.edge.auth.SignedRequests.NOW;
import static dev.streamedge.edge.auth.SignedRequests.TRUSTED;
import static dev.streamedge.edge.auth.SignedRequests.get;
import static dev.streamedge.edge.auth.SignedRequests.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.AccessDecision.Allowed;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCannedPolicy;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;
import software.amazon.awssdk.services.cloudfront.cookie.SignedCookie;

/**
 * Tokens made by the AWS SDK for Java v2 ({@code CloudFrontUtilities}) are accepted as they are,
 * and for RSA (whose PKCS#1 v1.5 signatures are deterministic) ours are identical to the SDK's, byte
 * for byte.
 */
class AwsSdkInteropTest {
  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();
  private static final String SEG = BASE + "/vod/movie/720p/seg_00042.ts";

  private final SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);

  static Stream<Arguments> keys() {
    return Stream.of(Arguments.of(K_RSA, TestKeys.RSA), Arguments.of(K_EC, TestKeys.EC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void acceptsSdkCannedUrl(String kid, KeyPair pair) {
    String url = SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SEG + "?lang=en")
        .privateKey(pair.getPrivate()).keyPairId(kid).expirationDate(EXP)).url();
    assertAllowed(verifier.verify(get(url), TRUSTED), kid, PolicyKind.CANNED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void acceptsSdkCustomUrlWithWildcardStartAndIpRange(String kid, KeyPair pair) {
    String url = SDK.getSignedUrlWithCustomPolicy(r -> r.resourceUrl(SEG)
        .resourceUrlPattern(BASE + "/vod/*").privateKey(pair.getPrivate()).keyPairId(kid)
        .activeDate(NOW.minusSeconds(60)).expirationDate(EXP).ipRange("192.0.2.0/24")).url();
    assertAllowed(verifier.verify(get(url), TRUSTED), kid, PolicyKind.CUSTOM);
    assertThat(verifier.verify(get(url, NOW, ip("198.51.100.7")), TRUSTED).allowed()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void acceptsSdkCannedCookies(String kid, KeyPair pair) {
    CookiesForCannedPolicy cookies = SDK.getCookiesForCannedPolicy(r -> r.resourceUrl(SEG)
        .privateKey(pair.getPrivate()).keyPairId(kid).expirationDate(EXP));
    assertAllowed(verifier.verify(get(SEG, NOW, CLIENT, cookieHeader(cookies)), TRUSTED), kid,
        PolicyKind.CANNED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void acceptsSdkCustomCookiesForAWholeTree(String kid, KeyPair pair) {
    CookiesForCustomPolicy cookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(BASE + "/vod/*")
        .privateKey(pair.getPrivate()).keyPairId(kid).expirationDate(EXP));
    String header = cookieHeader(cookies);
    for (String path : List.of("/vod/movie/master.m3u8", "/vod/movie/720p/index.m3u8", "/vod/movie/720p/seg_1.ts")) {
      assertAllowed(verifier.verify(get(BASE + path, NOW, CLIENT, header), TRUSTED), kid,
          PolicyKind.CUSTOM);
    }
    assertThat(verifier.verify(get(BASE + "/live/x.ts", NOW, CLIENT, header), TRUSTED).allowed())
        .isFalse();
  }

  @Test
  void acceptsTheCookieHeaderOfTheSdksOwnRequest() {
    CookiesForCustomPolicy cookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(BASE + "/vod/*")
        .privateKey(TestKeys.RSA.getPrivate()).keyPairId(K_RSA).expirationDate(EXP));
    List<String> cookieLines = cookies.createHttpGetRequest().headers().get("Cookie");
    assertThat(cookieLines).isNotEmpty();
    SignedRequest request = new SignedRequest(SEG, SigningParams.NONE, cookieLines, CLIENT, NOW);
    assertAllowed(verifier.verify(request, TRUSTED), K_RSA, PolicyKind.CUSTOM);
  }

  @Test
  void acceptsSdkTokensSignedWithAKeyTheSdkReadFromPkcs1Pem(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.pem");
    java.nio.file.Files.writeString(key, TestKeys.resource("rsa-pkcs1.key.pem"));
    String url = SDK.getSignedUrlWithCannedPolicy(r -> {
      try {
        r.resourceUrl(SEG).privateKey(key).keyPairId(K_RSA).expirationDate(EXP);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).url();
    assertAllowed(verifier.verify(get(url), TRUSTED), K_RSA, PolicyKind.CANNED);
  }

  @Test
  void ourRsaTokensAreByteForByteTheSdks() {
    CloudFrontSigner ours = SignedRequests.rsa();
    assertThat(ours.signedUrl(SEG + "?lang=en", EXP)).isEqualTo(
        SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SEG + "?lang=en")
            .privateKey(TestKeys.RSA.getPrivate()).keyPairId(K_RSA).expirationDate(EXP)).url());

    CustomPolicy policy = new CustomPolicy(BASE + "/vod/*", EXP, NOW, "192.0.2.0/24");
    assertThat(ours.signedUrl(SEG, policy)).isEqualTo(
        SDK.getSignedUrlWithCustomPolicy(r -> r.resourceUrl(SEG).resourceUrlPattern(BASE + "/vod/*")
            .privateKey(TestKeys.RSA.getPrivate()).keyPairId(K_RSA).activeDate(NOW)
            .expirationDate(EXP).ipRange("192.0.2.0/24")).url());

    CookiesForCustomPolicy sdkCookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(BASE + "/vod/*")
        .privateKey(TestKeys.RSA.getPrivate()).keyPairId(K_RSA).expirationDate(EXP));
    assertThat(ours.signedCookies(CustomPolicy.of(BASE + "/vod/*", EXP)).cookieHeader())
        .isEqualTo(cookieHeader(sdkCookies));

    CookiesForCannedPolicy sdkCanned = SDK.getCookiesForCannedPolicy(r -> r.resourceUrl(SEG)
        .privateKey(TestKeys.RSA.getPrivate()).keyPairId(K_RSA).expirationDate(EXP));
    assertThat(ours.signedCookies(SEG, EXP).cookieHeader()).isEqualTo(cookieHeader(sdkCanned));
  }

  /** {@code CloudFront-Policy=…; CloudFront-Signature=…; CloudFront-Key-Pair-Id=…} in our order. */
  private static String cookieHeader(SignedCookie cookies) {
    String first = cookies instanceof CookiesForCustomPolicy c ? c.policyHeaderValue()
        : ((CookiesForCannedPolicy) cookies).expiresHeaderValue();
    return first + "; " + cookies.signatureHeaderValue() + "; " + cookies.keyPairIdHeaderValue();
  }

  private static void assertAllowed(AccessDecision d, String kid, PolicyKind kind) {
    assertThat(d).as("%s", d).isInstanceOf(Allowed.class);
    assertThat(((Allowed) d).keyPairId()).isEqualTo(kid);
    assertThat(((Allowed) d).kind()).isEqualTo(kind);
  }
}
