package dev.streamedge.edge.auth;

import static dev.streamedge.edge.auth.SignedRequests.BASE;
import static dev.streamedge.edge.auth.SignedRequests.CLIENT;
import static dev.streamedge.edge.auth.SignedRequests.CLIENT6;
import static dev.streamedge.edge.auth.SignedRequests.EXP;
import static dev.streamedge.edge.auth.SignedRequests.GROUPS;
import static dev.streamedge.edge.auth.SignedRequests.K_EC;
import static dev.streamedge.edge.auth.SignedRequests.K_OTHER;
import static dev.streamedge.edge.auth.SignedRequests.K_RSA;
import static dev.streamedge.edge.auth.SignedRequests.NOW;
import static dev.streamedge.edge.auth.SignedRequests.TRUSTED;
import static dev.streamedge.edge.auth.SignedRequests.ec;
import static dev.streamedge.edge.auth.SignedRequests.get;
import static dev.streamedge.edge.auth.SignedRequests.ip;
import static dev.streamedge.edge.auth.SignedRequests.rsa;
import static dev.streamedge.edge.auth.SignedRequests.signer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.AccessDecision.Allowed;
import dev.streamedge.edge.auth.AccessDecision.Denied;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier's decision table: one row per kind of token and per way a token can be wrong. Tokens
 * are made with this package's signer; {@code AwsSdkInteropTest} covers tokens made by the AWS SDK.
 */
class SignedAccessVerifierTest {
  private static final String VOD = BASE + "/vod/movie/720p/seg_00001.ts";
  private static final String MASTER = BASE + "/vod/movie/master.m3u8";
  private static final CustomPolicy VOD_TREE = CustomPolicy.of(BASE + "/vod/*", EXP);

  private final SignedAccessVerifier verifier = new SignedAccessVerifier(() -> GROUPS);

  record Case(String name, Supplier<SignedRequest> request, List<String> trusted, Object expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Expected outcome of an allowed row. */
  record Ok(String keyPairId, PolicyKind kind, TokenSource source) {}

  static Case allow(String name, Supplier<SignedRequest> r, String kid, PolicyKind kind,
      TokenSource source) {
    return new Case(name, r, TRUSTED, new Ok(kid, kind, source));
  }

  static Case deny(String name, Supplier<SignedRequest> r, DenialReason reason) {
    return new Case(name, r, TRUSTED, reason);
  }

  static Stream<Arguments> cases() {
    List<Case> c = new ArrayList<>();
    // --- valid signed URLs: canned and custom, RSA and ECDSA, SHA-1 and SHA-256
    for (HashAlgorithm h : HashAlgorithm.values()) {
      c.add(allow("canned URL, RSA, " + h, () -> get(rsa().withHash(h).signedUrl(VOD, EXP)),
          K_RSA, PolicyKind.CANNED, TokenSource.SIGNED_URL));
      c.add(allow("canned URL, ECDSA, " + h, () -> get(ec().withHash(h).signedUrl(VOD, EXP)),
          K_EC, PolicyKind.CANNED, TokenSource.SIGNED_URL));
      c.add(allow("custom URL, RSA, " + h, () -> get(rsa().withHash(h).signedUrl(VOD, VOD_TREE)),
          K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_URL));
      c.add(allow("custom URL, ECDSA, " + h, () -> get(ec().withHash(h).signedUrl(VOD, VOD_TREE)),
          K_EC, PolicyKind.CUSTOM, TokenSource.SIGNED_URL));
      // --- valid signed cookies
      c.add(allow("canned cookies, RSA, " + h,
          () -> get(VOD, rsa().withHash(h).signedCookies(VOD, EXP).cookieHeader()),
          K_RSA, PolicyKind.CANNED, TokenSource.SIGNED_COOKIES));
      c.add(allow("canned cookies, ECDSA, " + h,
          () -> get(VOD, ec().withHash(h).signedCookies(VOD, EXP).cookieHeader()),
          K_EC, PolicyKind.CANNED, TokenSource.SIGNED_COOKIES));
      c.add(allow("custom cookies, RSA, " + h,
          () -> get(VOD, rsa().withHash(h).signedCookies(VOD_TREE).cookieHeader()),
          K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
      c.add(allow("custom cookies, ECDSA, " + h,
          () -> get(MASTER, ec().withHash(h).signedCookies(VOD_TREE).cookieHeader()),
          K_EC, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
    }
    c.add(allow("canned URL with its own query string",
        () -> get(rsa().signedUrl(MASTER + "?lang=en&cc=1", EXP)),
        K_RSA, PolicyKind.CANNED, TokenSource.SIGNED_URL));
    c.add(deny("canned URL whose other query parameters changed",
        () -> get(rsa().signedUrl(MASTER + "?lang=en", EXP).replace("lang=en", "lang=fr")),
        DenialReason.BAD_SIGNATURE));
    c.add(allow("custom cookies among other cookies, on two Cookie lines",
        () -> {
          var cookies = rsa().signedCookies(VOD_TREE).cookies();
          return get(VOD, "session=1; CloudFront-Policy=" + cookies.get("CloudFront-Policy"),
              "theme=dark; CloudFront-Signature=" + cookies.get("CloudFront-Signature")
                  + "; CloudFront-Key-Pair-Id=" + K_RSA);
        }, K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
    c.add(allow("custom policy without Resource covers any URL",
        () -> get(BASE + "/anything", rsa().signedCookies(new CustomPolicy(null, EXP, null, null))
            .cookieHeader()), K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));

    // --- time
    c.add(deny("canned URL, expired", () -> get(rsa().signedUrl(VOD, NOW.minusSeconds(1))),
        DenialReason.EXPIRED));
    c.add(deny("canned URL, expiring this very second", () -> get(rsa().signedUrl(VOD, NOW)),
        DenialReason.EXPIRED));
    c.add(allow("canned URL, one second left",
        () -> get(rsa().signedUrl(VOD, NOW.plusSeconds(1))), K_RSA, PolicyKind.CANNED,
        TokenSource.SIGNED_URL));
    c.add(deny("custom cookies, expired",
        () -> get(VOD, rsa().signedCookies(CustomPolicy.of(BASE + "/vod/*", NOW)).cookieHeader()),
        DenialReason.EXPIRED));
    c.add(deny("custom cookies, not yet valid",
        () -> get(VOD, rsa().signedCookies(VOD_TREE.withNotBefore(NOW.plusSeconds(60)))
            .cookieHeader()), DenialReason.NOT_YET_VALID));
    c.add(deny("custom cookies, valid only after this very second",
        () -> get(VOD, rsa().signedCookies(VOD_TREE.withNotBefore(NOW)).cookieHeader()),
        DenialReason.NOT_YET_VALID));
    c.add(allow("custom cookies, started a second ago",
        () -> get(VOD, rsa().signedCookies(VOD_TREE.withNotBefore(NOW.minusSeconds(1)))
            .cookieHeader()), K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));

    // --- resource
    c.add(deny("custom cookies for /vod/*, request under /live/",
        () -> get(BASE + "/live/ch1/seg.ts", rsa().signedCookies(VOD_TREE).cookieHeader()),
        DenialReason.WRONG_RESOURCE));
    c.add(deny("custom cookies for /vod/*, request for /vod (no slash)",
        () -> get(BASE + "/vod", rsa().signedCookies(VOD_TREE).cookieHeader()),
        DenialReason.WRONG_RESOURCE));
    c.add(deny("custom cookies for https, request over http",
        () -> get("http://cdn.example.com/vod/a.ts", rsa().signedCookies(VOD_TREE).cookieHeader()),
        DenialReason.WRONG_RESOURCE));
    c.add(deny("custom cookies for another host",
        () -> get("https://cdn.example.org/vod/a.ts", rsa().signedCookies(VOD_TREE).cookieHeader()),
        DenialReason.WRONG_RESOURCE));
    c.add(deny("canned cookies for another URL (the rebuilt policy differs)",
        () -> get(MASTER, rsa().signedCookies(VOD, EXP).cookieHeader()),
        DenialReason.BAD_SIGNATURE));
    c.add(deny("canned URL moved to another path",
        () -> get(rsa().signedUrl(VOD, EXP).replace("/720p/", "/1080p/")),
        DenialReason.BAD_SIGNATURE));

    // --- client address
    c.add(allow("IPv4 client inside the range",
        () -> get(VOD, NOW, ip("192.0.2.200"),
            rsa().signedCookies(VOD_TREE.withSourceIp("192.0.2.0/24")).cookieHeader()),
        K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
    c.add(deny("IPv4 client outside the range",
        () -> get(VOD, NOW, ip("192.0.3.1"),
            rsa().signedCookies(VOD_TREE.withSourceIp("192.0.2.0/24")).cookieHeader()),
        DenialReason.WRONG_IP));
    c.add(allow("IPv4 client equal to a plain address",
        () -> get(VOD, NOW, CLIENT,
            rsa().signedCookies(VOD_TREE.withSourceIp("192.0.2.10")).cookieHeader()),
        K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
    c.add(allow("IPv6 client inside the range",
        () -> get(VOD, NOW, CLIENT6,
            ec().signedCookies(VOD_TREE.withSourceIp("2001:db8:1::/48")).cookieHeader()),
        K_EC, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));
    c.add(deny("IPv6 client outside the range",
        () -> get(VOD, NOW, ip("2001:db8:2::10"),
            ec().signedCookies(VOD_TREE.withSourceIp("2001:db8:1::/48")).cookieHeader()),
        DenialReason.WRONG_IP));
    c.add(deny("IPv6 client, IPv4 range",
        () -> get(VOD, NOW, CLIENT6,
            rsa().signedCookies(VOD_TREE.withSourceIp("0.0.0.0/0")).cookieHeader()),
        DenialReason.WRONG_IP));
    c.add(deny("client address unknown, policy with IpAddress",
        () -> get(VOD, NOW, null,
            rsa().signedCookies(VOD_TREE.withSourceIp("0.0.0.0/0")).cookieHeader()),
        DenialReason.WRONG_IP));
    c.add(allow("signed URL with IP range, client inside",
        () -> get(rsa().signedUrl(VOD, VOD_TREE.withSourceIp("192.0.2.0/24"))),
        K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_URL));

    // --- tampering
    c.add(deny("tampered custom policy (resource widened to *)", () -> {
      String url = rsa().signedUrl(VOD, VOD_TREE);
      String policy = SigningParams.strip(url.substring(url.indexOf('?') + 1)).params().policy();
      String widened = CloudFrontBase64.encode(CustomPolicy.of("*", EXP).toJson()
          .getBytes(StandardCharsets.UTF_8));
      return get(url.replace(policy, widened));
    }, DenialReason.BAD_SIGNATURE));
    c.add(deny("tampered custom policy (one byte of the expiry)", () -> {
      var cookies = rsa().signedCookies(VOD_TREE).cookies();
      String json = VOD_TREE.toJson().replace("\"AWS:EpochTime\":" + EXP.getEpochSecond(),
          "\"AWS:EpochTime\":" + (EXP.getEpochSecond() + 9));
      return get(VOD, "CloudFront-Policy=" + CloudFrontBase64.encode(json.getBytes(
          StandardCharsets.UTF_8)) + "; CloudFront-Signature=" + cookies.get("CloudFront-Signature")
          + "; CloudFront-Key-Pair-Id=" + K_RSA);
    }, DenialReason.BAD_SIGNATURE));
    c.add(deny("canned URL with Expires pushed later",
        () -> get(rsa().signedUrl(VOD, EXP).replace("Expires=" + EXP.getEpochSecond(),
            "Expires=" + (EXP.getEpochSecond() + 3600))), DenialReason.BAD_SIGNATURE));
    for (String kind : List.of("RSA", "ECDSA")) {
      c.add(deny("one signature character changed, " + kind, () -> {
        CloudFrontSigner s = kind.equals("RSA") ? rsa() : ec();
        return get(changeSignatureChar(s.signedUrl(VOD, VOD_TREE), 10));
      }, DenialReason.BAD_SIGNATURE));
    }
    c.add(deny("signature truncated", () -> {
      String url = rsa().signedUrl(VOD, EXP);
      return get(url.replaceAll("Signature=([^&]{8})[^&]*", "Signature=$1"));
    }, DenialReason.BAD_SIGNATURE));
    c.add(deny("signed with a key no group holds, under a trusted id",
        () -> get(signer(K_EC, TestKeys.ROGUE_EC).signedUrl(VOD, EXP)),
        DenialReason.BAD_SIGNATURE));
    c.add(deny("RSA signature presented under the ECDSA key's id",
        () -> get(signer(K_EC, TestKeys.RSA).signedUrl(VOD, EXP)), DenialReason.BAD_SIGNATURE));
    c.add(deny("SHA-256 signature without Hash-Algorithm",
        () -> get(rsa().withHash(HashAlgorithm.SHA256).signedUrl(VOD, EXP)
            .replace("&Hash-Algorithm=SHA256", "")), DenialReason.BAD_SIGNATURE));
    c.add(deny("SHA-1 signature claiming SHA256",
        () -> get(rsa().signedUrl(VOD, EXP) + "&Hash-Algorithm=SHA256"),
        DenialReason.BAD_SIGNATURE));

    // --- keys and groups
    c.add(deny("unknown key id", () -> get(signer("KNOBODYKNOWSME", TestKeys.RSA)
        .signedUrl(VOD, EXP)), DenialReason.UNKNOWN_KEY_ID));
    c.add(deny("key of another group", () -> get(signer(K_OTHER, TestKeys.OTHER_RSA)
        .signedUrl(VOD, EXP)), DenialReason.UNKNOWN_KEY_ID));
    c.add(new Case("key of another group, behavior trusting both groups",
        () -> get(signer(K_OTHER, TestKeys.OTHER_RSA).signedUrl(VOD, EXP)),
        List.of("subscribers", "partners"),
        new Ok(K_OTHER, PolicyKind.CANNED, TokenSource.SIGNED_URL)));
    c.add(new Case("behavior trusting a group that does not exist",
        () -> get(rsa().signedUrl(VOD, EXP)), List.of("nobody"), DenialReason.UNKNOWN_KEY_ID));
    c.add(deny("key id with characters no id has", () -> get(rsa().signedUrl(VOD, EXP)
        .replace("Key-Pair-Id=" + K_RSA, "Key-Pair-Id=K%0A%22x")), DenialReason.MALFORMED));

    // --- hash algorithm
    c.add(deny("Hash-Algorithm=MD5", () -> get(rsa().signedUrl(VOD, EXP) + "&Hash-Algorithm=MD5"),
        DenialReason.UNSUPPORTED_HASH));
    c.add(deny("Hash-Algorithm with a line break (log injection)",
        () -> get(rsa().signedUrl(VOD, EXP) + "&Hash-Algorithm=SHA1%0AFAKE%20LOG%20LINE"),
        DenialReason.UNSUPPORTED_HASH));
    c.add(deny("Hash-Algorithm in lower case",
        () -> get(rsa().signedUrl(VOD, EXP) + "&Hash-Algorithm=sha256"),
        DenialReason.UNSUPPORTED_HASH));
    c.add(deny("CloudFront-Hash-Algorithm=SHA512", () -> get(VOD,
        rsa().signedCookies(VOD_TREE).cookieHeader() + "; CloudFront-Hash-Algorithm=SHA512"),
        DenialReason.UNSUPPORTED_HASH));

    // --- URL over cookies
    c.add(allow("valid URL, broken cookies: the URL decides",
        () -> get(rsa().signedUrl(VOD, EXP), "CloudFront-Policy=!!; CloudFront-Signature=x; "
            + "CloudFront-Key-Pair-Id=nobody"), K_RSA, PolicyKind.CANNED, TokenSource.SIGNED_URL));
    c.add(deny("valid cookies, expired URL: the URL decides",
        () -> get(rsa().signedUrl(VOD, NOW.minusSeconds(5)),
            rsa().signedCookies(VOD_TREE).cookieHeader()), DenialReason.EXPIRED));
    c.add(deny("valid cookies, URL with only a Signature: the URL decides",
        () -> get(VOD + "?Signature=abcd", rsa().signedCookies(VOD_TREE).cookieHeader()),
        DenialReason.MISSING));
    c.add(allow("valid cookies, URL with only Hash-Algorithm: cookies decide",
        () -> get(VOD + "?Hash-Algorithm=SHA256", rsa().signedCookies(VOD_TREE).cookieHeader()),
        K_RSA, PolicyKind.CUSTOM, TokenSource.SIGNED_COOKIES));

    // --- missing
    c.add(deny("nothing at all", () -> get(VOD), DenialReason.MISSING));
    c.add(deny("unrelated cookies only", () -> get(VOD, "session=abc; theme=dark"),
        DenialReason.MISSING));
    c.add(deny("cookies without CloudFront-Signature", () -> get(VOD,
        "CloudFront-Policy=abcd; CloudFront-Key-Pair-Id=" + K_RSA), DenialReason.MISSING));
    c.add(deny("cookies without CloudFront-Key-Pair-Id", () -> get(VOD,
        "CloudFront-Expires=1; CloudFront-Signature=abcd"), DenialReason.MISSING));
    c.add(deny("cookies without Policy or Expires", () -> get(VOD,
        "CloudFront-Signature=abcd; CloudFront-Key-Pair-Id=" + K_RSA), DenialReason.MISSING));
    c.add(deny("URL without Key-Pair-Id", () -> get(rsa().signedUrl(VOD, EXP)
        .replace("&Key-Pair-Id=" + K_RSA, "")), DenialReason.MISSING));

    // --- malformed
    c.add(deny("both Expires and Policy", () -> get(rsa().signedUrl(VOD, VOD_TREE) + "&Expires=1"),
        DenialReason.MALFORMED));
    c.add(deny("a signing parameter twice", () -> get(rsa().signedUrl(VOD, EXP) + "&Signature=x"),
        DenialReason.MALFORMED));
    c.add(deny("Expires not a number", () -> get(rsa().signedUrl(VOD, EXP)
        .replace("Expires=", "Expires=x")), DenialReason.MALFORMED));
    c.add(deny("Expires negative", () -> get(VOD + "?Expires=-5&Signature=abcd&Key-Pair-Id="
        + K_RSA), DenialReason.MALFORMED));
    c.add(deny("signature in standard base64 ('+' and '/')", () -> get(
        rsa().signedUrl(VOD, EXP).replaceAll("Signature=[^&]{4}", "Signature=ab+/")),
        DenialReason.MALFORMED));
    c.add(deny("signature with '=' padding", () -> get(VOD, "CloudFront-Expires="
        + EXP.getEpochSecond() + "; CloudFront-Signature=Zm9v=; CloudFront-Key-Pair-Id=" + K_RSA),
        DenialReason.MALFORMED));
    c.add(deny("policy not base64", () -> get(VOD,
        "CloudFront-Policy=eyJ%; CloudFront-Signature=abcd; CloudFront-Key-Pair-Id=" + K_RSA),
        DenialReason.MALFORMED));
    c.add(deny("signature absurdly long", () -> get(VOD + "?Expires=" + EXP.getEpochSecond()
        + "&Signature=" + "A".repeat(5000) + "&Key-Pair-Id=" + K_RSA), DenialReason.MALFORMED));
    c.add(deny("signed policy that is not JSON",
        () -> signedRawPolicy("Statement: everything", VOD), DenialReason.MALFORMED));
    c.add(deny("signed policy with two statements", () -> signedRawPolicy(
        "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            + EXP.getEpochSecond() + "}}},{\"Resource\":\"*\"}]}", VOD), DenialReason.MALFORMED));
    c.add(deny("signed policy without DateLessThan", () -> signedRawPolicy(
        "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{}}]}", VOD), DenialReason.MALFORMED));
    c.add(deny("signed policy with an unknown condition", () -> signedRawPolicy(
        "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            + EXP.getEpochSecond() + "},\"StringEquals\":{\"a\":\"b\"}}}]}", VOD),
        DenialReason.MALFORMED));
    c.add(deny("signed policy with a duplicate key", () -> signedRawPolicy(
        "{\"Statement\":[{\"Resource\":\"https://x/\",\"Resource\":\"*\",\"Condition\":{"
            + "\"DateLessThan\":{\"AWS:EpochTime\":" + EXP.getEpochSecond() + "}}}]}", VOD),
        DenialReason.MALFORMED));
    c.add(deny("signed policy with a bad CIDR", () -> signedRawPolicy(
        "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            + EXP.getEpochSecond() + "},\"IpAddress\":{\"AWS:SourceIp\":\"192.0.2.0/40\"}}}]}", VOD),
        DenialReason.MALFORMED));

    // --- size
    c.add(deny("policy over the cap once decoded", () -> signedRawPolicy(
        padded(SignedAccessVerifier.DEFAULT_MAX_POLICY_BYTES + 1), VOD),
        DenialReason.POLICY_TOO_LARGE));
    c.add(allow("policy exactly at the cap", () -> signedRawPolicy(
        padded(SignedAccessVerifier.DEFAULT_MAX_POLICY_BYTES), VOD), K_RSA, PolicyKind.CUSTOM,
        TokenSource.SIGNED_COOKIES));
    c.add(deny("policy far over the cap (not even decoded)", () -> get(VOD, "CloudFront-Policy="
        + "A".repeat(100_000) + "; CloudFront-Signature=abcd; CloudFront-Key-Pair-Id=" + K_RSA),
        DenialReason.POLICY_TOO_LARGE));
    return c.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case row) {
    SignedRequest request = row.request().get();
    AccessDecision decision = verifier.verify(request, row.trusted());
    if (row.expected() instanceof Ok ok) {
      assertThat(decision).as("%s", decision).isInstanceOf(Allowed.class);
      Allowed a = (Allowed) decision;
      assertThat(a.keyPairId()).isEqualTo(ok.keyPairId());
      assertThat(a.kind()).isEqualTo(ok.kind());
      assertThat(a.source()).isEqualTo(ok.source());
      assertThat(a.expires()).isAfter(request.now());
    } else {
      assertThat(decision).as("%s", decision).isInstanceOf(Denied.class);
      assertThat(((Denied) decision).reason()).as("%s", decision).isEqualTo(row.expected());
      assertThat(((Denied) decision).detail()).isNotBlank().hasSizeLessThan(600)
          .doesNotContain("\n", "\r");
    }
    // The same request again (now answered from the cache where a signature verified) decides
    // the same way.
    assertThat(verifier.verify(request, row.trusted()).allowed()).isEqualTo(decision.allowed());
  }

  /** Flips one base64 letter of the Signature parameter to another letter. */
  static String changeSignatureChar(String url, int offset) {
    int at = url.indexOf("Signature=") + "Signature=".length() + offset;
    char c = url.charAt(at);
    return url.substring(0, at) + (c == 'A' ? 'B' : 'A') + url.substring(at + 1);
  }

  /** Custom-policy cookies over exactly these policy bytes, correctly signed by K_RSA. */
  static SignedRequest signedRawPolicy(String json, String url) {
    return get(url, "CloudFront-Policy=" + CloudFrontBase64.encode(json.getBytes(
        StandardCharsets.UTF_8)) + "; CloudFront-Signature=" + rsa().sign(json)
        + "; CloudFront-Key-Pair-Id=" + K_RSA);
  }

  /** A valid policy for everything, padded with white space to exactly {@code size} bytes. */
  static String padded(int size) {
    String core = "{\"Statement\":[{\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":"
        + "{\"AWS:EpochTime\":" + EXP.getEpochSecond() + "}}}]}";
    return core.substring(0, 1) + " ".repeat(size - core.length()) + core.substring(1);
  }

  static Instant now() {
    return NOW;
  }
}
