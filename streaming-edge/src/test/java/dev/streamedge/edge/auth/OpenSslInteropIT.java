package dev.streamedge.edge.auth;

import static dev.streamedge.edge.auth.SignedRequests.BASE;
import static dev.streamedge.edge.auth.SignedRequests.EXP;
import static dev.streamedge.edge.auth.SignedRequests.K_EC;
import static dev.streamedge.edge.auth.SignedRequests.K_RSA;
import static dev.streamedge.edge.auth.SignedRequests.TRUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with a real {@code openssl} process, both ways: what we sign verifies with
 * {@code openssl dgst -verify} against the public key PEM, and what the CloudFront documentation's
 * shell recipe signs ({@code openssl dgst -sign | openssl base64 -A | tr '+=/' '-_~'}) verifies
 * here.
 */
class OpenSslInteropIT {
  private static final String SEG = BASE + "/vod/movie/720p/seg_00042.ts";

  @TempDir Path dir;

  static Stream<Arguments> keysAndHashes() {
    return Stream.of(
        Arguments.of("rsa", HashAlgorithm.SHA1), Arguments.of("rsa", HashAlgorithm.SHA256),
        Arguments.of("ec", HashAlgorithm.SHA1), Arguments.of("ec", HashAlgorithm.SHA256));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("keysAndHashes")
  void ourSignaturesVerifyWithOpenssl(String key, HashAlgorithm hash) throws Exception {
    CloudFrontSigner signer = signer(key).withHash(hash);
    Path pub = Files.writeString(dir.resolve("pub.pem"), TestKeys.resource(key + ".pub.pem"));
    String digest = "-" + hash.wireName().toLowerCase();

    // Custom policy cookies: the policy travels in the token.
    SignedCookies cookies = signer.signedCookies(CustomPolicy.of(BASE + "/vod/*", EXP)
        .withSourceIp("192.0.2.0/24"));
    byte[] policy = CloudFrontBase64.decode(cookies.cookies().get("CloudFront-Policy"));
    Path policyFile = Files.write(dir.resolve("policy.json"), policy);
    Path sig = Files.write(dir.resolve("sig.bin"),
        CloudFrontBase64.decode(cookies.cookies().get("CloudFront-Signature")));
    Result ok = run("openssl", "dgst", digest, "-verify", pub.toString(), "-signature",
        sig.toString(), policyFile.toString());
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("Verified OK");

    // Canned policy URL: the policy is the rebuilt statement.
    String url = signer.signedUrl(SEG, EXP);
    SigningParams p = SigningParams.strip(url.substring(url.indexOf('?') + 1)).params();
    Files.writeString(policyFile, PolicyJson.canned(SEG, EXP.getEpochSecond()));
    Files.write(sig, CloudFrontBase64.decode(p.signature()));
    ok = run("openssl", "dgst", digest, "-verify", pub.toString(), "-signature", sig.toString(),
        policyFile.toString());
    assertThat(ok.exit()).as(ok.output()).isZero();

    // A changed policy does not verify.
    Files.writeString(policyFile, PolicyJson.canned(SEG + "x", EXP.getEpochSecond()));
    Result bad = run("openssl", "dgst", digest, "-verify", pub.toString(), "-signature",
        sig.toString(), policyFile.toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.output()).contains("Verification failure");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("keysAndHashes")
  void opensslMadeTokensAreAccepted(String key, HashAlgorithm hash) throws Exception {
    String privateFile = key.equals("rsa") ? "rsa-pkcs1.key.pem" : "ec-sec1.key.pem";
    Path priv = Files.writeString(dir.resolve("key.pem"), TestKeys.resource(privateFile));
    String json = CustomPolicy.of(BASE + "/vod/*", EXP).toJson();
    Path policyFile = Files.writeString(dir.resolve("policy"), json);
    // The recipe of the CloudFront Developer Guide ("Use Linux commands and OpenSSL").
    String digest = "-" + hash.wireName().toLowerCase();
    Result policy = run("sh", "-c", "cat policy | tr -d ' \\t\\n\\r' | openssl base64 -A"
        + " | tr -- '+=/' '-_~'");
    Result signature = run("sh", "-c", "cat policy | tr -d ' \\t\\n\\r' | openssl dgst " + digest
        + " -sign key.pem | openssl base64 -A | tr -- '+=/' '-_~'");
    assertThat(policy.exit()).as(policy.output()).isZero();
    assertThat(signature.exit()).as(signature.output()).isZero();
    assertThat(Files.readString(policyFile)).isEqualTo(json);
    assertThat(priv).exists();

    String kid = key.equals("rsa") ? K_RSA : K_EC;
    String cookies = "CloudFront-Policy=" + policy.output().strip() + "; CloudFront-Signature="
        + signature.output().strip() + "; CloudFront-Key-Pair-Id=" + kid
        + (hash == HashAlgorithm.SHA1 ? "" : "; CloudFront-Hash-Algorithm=" + hash.wireName());
    SignedAccessVerifier verifier = new SignedAccessVerifier(() -> SignedRequests.GROUPS);
    AccessDecision d = verifier.verify(SignedRequests.get(SEG, cookies), TRUSTED);
    assertThat(d).as("%s", d).isInstanceOf(AccessDecision.Allowed.class);
  }

  private CloudFrontSigner signer(String key) {
    return key.equals("rsa") ? SignedRequests.rsa() : SignedRequests.ec();
  }

  record Result(int exit, String output) {}

  private Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
