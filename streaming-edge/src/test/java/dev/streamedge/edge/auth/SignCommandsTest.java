package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.cli.SignCookiesCommand;
import dev.streamedge.edge.cli.SignUrlCommand;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The {@code sign-url} and {@code sign-cookies} commands ({@code dev.streamedge.edge.cli}) as a user
 * runs them, their output checked by the verifier.
 */
class SignCommandsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String BASE = "https://cdn.example.com";

  @TempDir Path dir;
  private Path rsaKey;
  private Path ecKey;
  private SignedAccessVerifier verifier;

  @BeforeEach
  void keys() throws Exception {
    rsaKey = copy("rsa-pkcs1.key.pem");
    ecKey = copy("ec-sec1.key.pem");
    KeyGroups groups = KeyGroups.of(List.of(KeyGroup.of("subscribers", List.of(
        TrustedKey.of("KRSA", PemKeys.readPublicKey(resource("rsa.pub.pem"))),
        TrustedKey.of("KEC", PemKeys.readPublicKey(resource("ec.pub.pem")))))));
    verifier = new SignedAccessVerifier(() -> groups);
  }

  record Run(int exit, String out, String err) {}

  private Run run(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Run signUrl(String... args) {
    return run(new SignUrlCommand(CLOCK), args);
  }

  private Run signCookies(String... args) {
    return run(new SignCookiesCommand(CLOCK), args);
  }

  private AccessDecision verifyUrl(String signedUrl, Instant now, String client) throws Exception {
    int q = signedUrl.indexOf('?');
    SigningParams.StrippedQuery s = SigningParams.strip(signedUrl.substring(q + 1));
    return verifier.verify(new SignedRequest(s.appendTo(signedUrl.substring(0, q)), s.params(),
        List.of(), InetAddress.getByName(client), now), List.of("subscribers"));
  }

  private AccessDecision verifyCookies(String url, List<String> setCookieLines) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (String line : setCookieLines) {
      assertThat(line).startsWith("Set-Cookie: ");
      pairs.add(line.substring("Set-Cookie: ".length()).split(";", 2)[0]);
    }
    return verifier.verify(new SignedRequest(url, SigningParams.NONE, List.of(String.join("; ",
        pairs)), InetAddress.getByName("192.0.2.1"), NOW), List.of("subscribers"));
  }

  @Test
  void signsACannedUrl() throws Exception {
    Run r = signUrl("--key", rsaKey.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/vod/a.mp4", "--expires", "+1h");
    assertThat(r.exit()).as(r.err()).isZero();
    String url = r.out().strip();
    assertThat(url).startsWith(BASE + "/vod/a.mp4?Expires=1893459600&Signature=")
        .endsWith("&Key-Pair-Id=KRSA");
    assertThat(verifyUrl(url, NOW, "192.0.2.1").allowed()).isTrue();
    assertThat(verifyUrl(url, NOW.plusSeconds(3600), "192.0.2.1").allowed()).isFalse();
  }

  @Test
  void signsACustomUrlWhenAskedForAStartAnIpOrAWildcard() throws Exception {
    Run r = signUrl("--key", ecKey.toString(), "--key-pair-id", "KEC", "--hash", "SHA256",
        "--resource", BASE + "/vod/m/720p/s1.ts?x=1", "--policy-resource", BASE + "/vod/*",
        "--expires", "2030-01-02T00:00:00Z", "--starts", "1893455000", "--ip", "192.0.2.0/24");
    assertThat(r.exit()).as(r.err()).isZero();
    String url = r.out().strip();
    assertThat(url).contains("?x=1&Policy=").endsWith("&Key-Pair-Id=KEC&Hash-Algorithm=SHA256");
    assertThat(verifyUrl(url, NOW, "192.0.2.77").allowed()).isTrue();
    assertThat(verifyUrl(url, NOW, "198.51.100.1").allowed()).isFalse();
  }

  @Test
  void signsCookiesForATree() throws Exception {
    Run r = signCookies("--key", rsaKey.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/vod/*", "--expires", "+PT2H");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("Set-Cookie: CloudFront-Policy=")
        .endsWith("; Path=/; HttpOnly; SameSite=Lax");
    assertThat(lines.get(1)).startsWith("Set-Cookie: CloudFront-Signature=");
    assertThat(lines.get(2)).isEqualTo("Set-Cookie: CloudFront-Key-Pair-Id=KRSA; Path=/; HttpOnly; SameSite=Lax");
    assertThat(verifyCookies(BASE + "/vod/movie/master.m3u8", lines).allowed()).isTrue();
    assertThat(verifyCookies(BASE + "/live/x.ts", lines).allowed()).isFalse();
  }

  @Test
  void cookieAttributesAndSha256() throws Exception {
    Run r = signCookies("--key", ecKey.toString(), "--key-pair-id", "KEC", "--hash", "SHA256",
        "--resource", BASE + "/vod/a.ts", "--expires", "2030-01-01", "--policy", "canned",
        "--secure", "--domain", "example.com", "--path", "/vod", "--max-age", "12h",
        "--same-site", "Strict");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("--expires 2030-01-01 is not in the future");

    r = signCookies("--key", ecKey.toString(), "--key-pair-id", "KEC", "--hash", "SHA256",
        "--resource", BASE + "/vod/a.ts", "--expires", "2030-01-03", "--policy", "canned",
        "--secure", "--domain", "example.com", "--path", "/vod", "--max-age", "12h",
        "--same-site", "Strict");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("Set-Cookie: CloudFront-Expires=1893628800; ");
    assertThat(lines.get(3)).isEqualTo("Set-Cookie: CloudFront-Hash-Algorithm=SHA256; "
        + "Domain=example.com; Path=/vod; Max-Age=43200; Secure; HttpOnly; SameSite=Strict");
    assertThat(verifyCookies(BASE + "/vod/a.ts", lines).allowed()).isTrue();
  }

  @Test
  void printsACookieLineForCurl() throws Exception {
    Run r = signCookies("--key", rsaKey.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/vod/*", "--expires", "+1h", "--format", "cookie");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Cookie: CloudFront-Policy=").contains("; CloudFront-Key-Pair-Id=KRSA");
    String header = r.out().strip().substring("Cookie: ".length());
    assertThat(verifier.verify(new SignedRequest(BASE + "/vod/x", SigningParams.NONE,
        List.of(header), null, NOW), List.of("subscribers")).allowed()).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "--expires|yesterday|is not epoch seconds, ISO-8601",
      "--expires|+1x|is not epoch seconds, ISO-8601",
      "--expires|100|is not in the future",
      "--ip|192.0.2.0/33|prefix /33 is longer than 32 bits",
      "--ip|example.com|not an IP address",
      "--policy|other|--policy must be custom or canned",
      "--hash|MD5|Invalid value for option '--hash'",
      "--key-pair-id|bad id|must be 1 to 128 letters",
  })
  void usageErrorsExitTwoWithAMessage(String option, String value, String message) {
    List<String> args = new ArrayList<>(List.of("--key", rsaKey.toString(), "--key-pair-id",
        "KRSA", "--resource", BASE + "/vod/a.ts", "--expires", "+1h"));
    int at = args.indexOf(option);
    if (at >= 0) {
      args.set(at + 1, value);
    } else {
      args.add(option);
      args.add(value);
    }
    Run r = signUrl(args.toArray(new String[0]));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void cannedCannotCarryCustomConditions() {
    Run r = signUrl("--key", rsaKey.toString(), "--key-pair-id", "KRSA", "--resource",
        BASE + "/a.ts", "--expires", "+1h", "--policy", "canned", "--ip", "192.0.2.1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--policy canned cannot carry");
    r = signUrl("--key", rsaKey.toString(), "--key-pair-id", "KRSA", "--resource",
        BASE + "/*", "--expires", "+1h");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("put a wildcard pattern in --policy-resource");
    r = signUrl("--key", rsaKey.toString(), "--key-pair-id", "KRSA", "--resource",
        BASE + "/vod/a.ts", "--policy-resource", BASE + "/live/*", "--expires", "+1h");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("does not cover");
  }

  @Test
  void unusableKeysExitOneWithoutAStackTrace() throws Exception {
    Run r = signUrl("--key", dir.resolve("missing.pem").toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/a.ts", "--expires", "+1h");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("sign-url: --key ").contains("missing.pem").doesNotContain("\tat ");

    Path encrypted = copy("rsa-encrypted.key.pem");
    r = signCookies("--key", encrypted.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/a.ts", "--expires", "+1h");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("encrypted; decrypt it first").doesNotContain("\tat ");

    Path publicOnly = copy("rsa.pub.pem");
    r = signCookies("--key", publicOnly.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/a.ts", "--expires", "+1h");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no PEM block labelled PRIVATE KEY");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1893459600, 1893459600",
      "2030-01-01T01:00:00Z, 1893459600",
      "2030-01-01T02:00:00+01:00, 1893459600",
      "2030-01-02, 1893542400",
      "+1h, 1893459600",
      "+60m, 1893459600",
      "+3600s, 1893459600",
      "+1h30m, 1893461400",
      "+1d, 1893542400",
      "+1w, 1894060800",
      "+PT1H, 1893459600",
  })
  void parsesTimes(String text, long epoch) {
    Run r = signUrl("--key", rsaKey.toString(), "--key-pair-id", "KRSA",
        "--resource", BASE + "/a.ts", "--expires", text);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("?Expires=" + epoch + "&");
  }

  @Test
  void helpWorks() {
    Run r = signCookies("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--key=FILE", "--resource=URL", "--expires=TIME", "--secure");
  }

  private Path copy(String name) throws Exception {
    return Files.writeString(dir.resolve(name), resource(name));
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = SignCommandsTest.class.getResourceAsStream("/auth/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
