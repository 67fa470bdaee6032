package dev.streamedge.edge.auth;

import static dev.streamedge.edge.auth.SignedRequests.BASE;
import static dev.streamedge.edge.auth.SignedRequests.CLIENT;
import static dev.streamedge.edge.auth.SignedRequests.EXP;
import static dev.streamedge.edge.auth.SignedRequests.GROUPS;
import static dev.streamedge.edge.auth.SignedRequests.K_RSA;
import static dev.streamedge.edge.auth.SignedRequests.NOW;
import static dev.streamedge.edge.auth.SignedRequests.TRUSTED;
import static dev.streamedge.edge.auth.SignedRequests.get;
import static dev.streamedge.edge.auth.SignedRequests.ip;
import static dev.streamedge.edge.auth.SignedRequests.rsa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.AccessDecision.Denied;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The verified-token cache saves public-key work and nothing else: conditions are per request. */
class VerificationCacheTest {
  private static final CustomPolicy VOD_TREE =
      CustomPolicy.of(BASE + "/vod/*", EXP).withSourceIp("192.0.2.0/24");

  @Test
  void aThousandSegmentsWithTheSameCookiesCostOneSignatureCheck() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);
    String cookies = rsa().signedCookies(VOD_TREE).cookieHeader();
    for (int i = 0; i < 1000; i++) {
      String url = String.format("%s/vod/movie/720p/seg_%05d.ts", BASE, i);
      assertThat(verifier.verify(get(url, NOW.plusSeconds(i), CLIENT, cookies), TRUSTED).allowed())
          .isTrue();
    }
    assertThat(verifier.stats().signatureChecks()).isEqualTo(1);
    assertThat(verifier.stats().cacheHits()).isEqualTo(999);
  }

  @Test
  void aCachedTokenIsStillCheckedForTimeResourceAndAddress() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);
    String cookies = rsa().signedCookies(VOD_TREE.withNotBefore(NOW.minusSeconds(10)))
        .cookieHeader();
    String seg = BASE + "/vod/a.ts";
    assertThat(verifier.verify(get(seg, NOW, CLIENT, cookies), TRUSTED).allowed()).isTrue();

    assertThat(reason(verifier, get(seg, EXP, CLIENT, cookies))).isEqualTo(DenialReason.EXPIRED);
    assertThat(reason(verifier, get(seg, NOW.minusSeconds(20), CLIENT, cookies)))
        .isEqualTo(DenialReason.NOT_YET_VALID);
    assertThat(reason(verifier, get(BASE + "/live/a.ts", NOW, CLIENT, cookies)))
        .isEqualTo(DenialReason.WRONG_RESOURCE);
    assertThat(reason(verifier, get(seg, NOW, ip("198.51.100.1"), cookies)))
        .isEqualTo(DenialReason.WRONG_IP);
    assertThat(verifier.stats().signatureChecks()).isEqualTo(1);
  }

  @Test
  void cannedTokensAreCachedPerUrl() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);
    String url = rsa().signedUrl(BASE + "/vod/a.ts", EXP);
    for (int i = 0; i < 10; i++) {
      assertThat(verifier.verify(get(url), TRUSTED).allowed()).isTrue();
    }
    assertThat(verifier.stats().signatureChecks()).isEqualTo(1);
    // The same signature on another URL is a different canned policy, checked (and refused) anew.
    assertThat(reason(verifier, get(url.replace("/a.ts", "/b.ts"))))
        .isEqualTo(DenialReason.BAD_SIGNATURE);
    assertThat(verifier.stats().signatureChecks()).isEqualTo(2);
  }

  @Test
  void aKeyReplacedUnderTheSameIdInvalidatesCachedTokens() {
    AtomicReference<KeyGroups> groups = new AtomicReference<>(GROUPS);
    SignedAccessVerifier verifier = new SignedAccessVerifier(groups::get);
    String cookies = rsa().signedCookies(VOD_TREE).cookieHeader();
    assertThat(verifier.verify(get(BASE + "/vod/a.ts", cookies), TRUSTED).allowed()).isTrue();

    groups.set(KeyGroups.of(List.of(KeyGroup.of("subscribers",
        List.of(TestKeys.trusted(K_RSA, TestKeys.OTHER_RSA))))));
    assertThat(reason(verifier, get(BASE + "/vod/a.ts", cookies)))
        .isEqualTo(DenialReason.BAD_SIGNATURE);

    groups.set(KeyGroups.of(List.of(KeyGroup.of("subscribers", List.of()))));
    assertThat(reason(verifier, get(BASE + "/vod/a.ts", cookies)))
        .isEqualTo(DenialReason.UNKNOWN_KEY_ID);
  }

  @Test
  void failuresAreNotCached() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);
    String bad = SignedAccessVerifierTest.changeSignatureChar(
        rsa().signedUrl(BASE + "/vod/a.ts", VOD_TREE), 5);
    for (int i = 0; i < 3; i++) {
      assertThat(reason(verifier, get(bad))).isEqualTo(DenialReason.BAD_SIGNATURE);
    }
    assertThat(verifier.stats().signatureChecks()).isEqualTo(3);
    assertThat(verifier.stats().cachedTokens()).isZero();
  }

  @Test
  void staysWithinItsCapacity() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS, 8, 8192);
    for (int i = 0; i < 50; i++) {
      String cookies = rsa().signedCookies(CustomPolicy.of(BASE + "/vod/" + i + "/*", EXP))
          .cookieHeader();
      assertThat(verifier.verify(get(BASE + "/vod/" + i + "/a.ts", cookies), TRUSTED).allowed())
          .isTrue();
      assertThat(verifier.stats().cachedTokens()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void aZeroCapacityDisablesTheCache() {
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS, 0, 8192);
    String url = rsa().signedUrl(BASE + "/vod/a.ts", EXP);
    verifier.verify(get(url), TRUSTED);
    verifier.verify(get(url), TRUSTED);
    assertThat(verifier.stats().signatureChecks()).isEqualTo(2);
    assertThat(verifier.stats().cacheHits()).isZero();
  }

  private static DenialReason reason(SignedAccessVerifier verifier, SignedRequest request) {
    AccessDecision d = verifier.verify(request, TRUSTED);
    assertThat(d).isInstanceOf(Denied.class);
    return ((Denied) d).reason();
  }
}
