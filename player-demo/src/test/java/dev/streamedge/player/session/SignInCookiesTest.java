package dev.streamedge.player.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.HashAlgorithm;
import dev.streamedge.player.config.SecureCookies;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignInCookiesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static KeyPair key;
  private static SignInCookies cookies;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
    CloudFrontSigner signer = CloudFrontSigner.of("K2TEST", key.getPrivate()).withHash(HashAlgorithm.SHA256);
    cookies = new SignInCookies(signer, "/*", Duration.ofHours(2), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Map<String, String> values(List<String> setCookies) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : setCookies) {
      String pair = c.substring(0, c.indexOf(';'));
      out.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return out;
  }

  private static byte[] cloudFrontBase64(String s) {
    return Base64.getDecoder().decode(s.replace('-', '+').replace('_', '=').replace('~', '/'));
  }

  @Test
  void aSignInSetsOneCustomPolicyForTheSiteSignedWithTheKey() throws Exception {
    List<String> set = cookies.signIn("alice", new PublicOrigin("http", "localhost:8080"), false);
    Map<String, String> v = values(set);
    assertThat(v).containsOnlyKeys("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id",
        "CloudFront-Hash-Algorithm", "StreamEdge-User");
    assertThat(v.get("CloudFront-Key-Pair-Id")).isEqualTo("K2TEST");
    assertThat(v.get("CloudFront-Hash-Algorithm")).isEqualTo("SHA256");
    assertThat(v.get("StreamEdge-User")).isEqualTo("alice");
    byte[] policy = cloudFrontBase64(v.get("CloudFront-Policy"));
    long expires = NOW.plus(Duration.ofHours(2)).getEpochSecond();
    assertThat(new String(policy, StandardCharsets.UTF_8)).isEqualTo(
        "{\"Statement\":[{\"Resource\":\"http://localhost:8080/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            + expires + "}}}]}");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(key.getPublic());
    s.update(policy);
    assertThat(s.verify(cloudFrontBase64(v.get("CloudFront-Signature")))).isTrue();
  }

  @Test
  void cookieAttributes() {
    List<String> set = cookies.signIn("alice", new PublicOrigin("http", "localhost:8080"), false);
    for (String c : set) {
      assertThat(c).contains("; Path=/").contains("; Max-Age=7200").contains("; SameSite=Lax").doesNotContain("Secure")
          .doesNotContain("Domain=");
    }
    assertThat(set.subList(0, set.size() - 1)).allSatisfy(c -> assertThat(c).contains("; HttpOnly"));
    assertThat(set.get(set.size() - 1)).startsWith("StreamEdge-User=alice;").doesNotContain("HttpOnly");
    assertThat(cookies.signIn("alice", new PublicOrigin("https", "a.example"), true))
        .allSatisfy(c -> assertThat(c).contains("; Secure"));
  }

  @Test
  void aSignOutExpiresEveryCookieWithTheSamePath() {
    List<String> out = cookies.signOut(true);
    assertThat(values(out)).containsOnlyKeys("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id",
        "CloudFront-Expires", "CloudFront-Hash-Algorithm", "StreamEdge-User");
    assertThat(out).allSatisfy(c -> assertThat(c).contains("=;").contains("Path=/").contains("Max-Age=0")
        .contains("Secure"));
  }

  @Test
  void theResourceIsAPathUnderTheOrigin() {
    CloudFrontSigner signer = CloudFrontSigner.of("K2TEST", key.getPrivate());
    SignInCookies vodOnly = new SignInCookies(signer, "/vod/*", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(vodOnly.policy(new PublicOrigin("https", "cdn.example.com")).resource())
        .isEqualTo("https://cdn.example.com/vod/*");
    assertThatThrownBy(() -> new SignInCookies(signer, "vod/*", Duration.ofMinutes(5), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} viewerHttps={1} baseHttps={2} -> {3}")
  @CsvSource({
      "AUTO, false, false, false", "AUTO, true, false, true", "AUTO, false, true, true",
      "ALWAYS, false, false, true", "NEVER, true, true, false"})
  void whenCookiesAreSecure(SecureCookies policy, boolean viewerHttps, boolean baseHttps, boolean secure) {
    assertThat(policy.secure(viewerHttps, baseHttps)).isEqualTo(secure);
  }
}
