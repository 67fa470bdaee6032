package dev.streamedge.player.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.auth.HashAlgorithm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlayerConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/streamedge");
  private static final String SIGNING = "  signing: { keyPairId: K2TEST, privateKeyFile: keys/k.pem }\n";

  private static PlayerConfig parse(String body) {
    return PlayerConfigLoader.parse("player:\n" + body, BASE);
  }

  @Test
  void aMinimalFileGetsTheDefaults() {
    PlayerConfig c = parse("  usersFile: users.txt\n" + SIGNING);
    assertThat(c.listen().getPort()).isEqualTo(9100);
    assertThat(c.publicBaseUrl()).isEmpty();
    assertThat(c.usersFile()).isEqualTo(BASE.resolve("users.txt"));
    assertThat(c.sessionLength()).isEqualTo(Duration.ofHours(12));
    assertThat(c.secureCookies()).isEqualTo(SecureCookies.AUTO);
    assertThat(c.signing().privateKeyFile()).isEqualTo(BASE.resolve("keys/k.pem"));
    assertThat(c.signing().resource()).isEqualTo("/*");
    assertThat(c.signing().hashAlgorithm()).isEqualTo(HashAlgorithm.SHA256);
    assertThat(c.catalog()).isEmpty();
    assertThat(c.signInHint()).isEmpty();
    assertThat(c.workerThreads()).isEqualTo(4);
  }

  @Test
  void everyKey() {
    PlayerConfig c = parse("  listen: 0.0.0.0:0\n  publicBaseUrl: https://Video.Example.com/\n"
        + "  usersFile: /srv/users.txt\n  sessionLength: 30m\n  secureCookies: 'true'\n"
        + "  signing: { keyPairId: K2TEST, privateKeyFile: k.pem, resource: /vod/*, hashAlgorithm: SHA1 }\n"
        + "  signInHint: try demo\n  workerThreads: 2\n"
        + "  catalog:\n"
        + "    - { type: vod, id: a, title: A, description: An asset, subscribersOnly: true }\n"
        + "    - { type: live, id: ch1 }\n"
        + "    - { type: file, path: big/file.bin, title: Big }\n");
    assertThat(c.listen().getPort()).isZero();
    assertThat(c.publicBaseUrl()).contains(URI.create("https://Video.Example.com"));
    assertThat(c.usersFile()).isEqualTo(Path.of("/srv/users.txt"));
    assertThat(c.sessionLength()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.secureCookies()).isEqualTo(SecureCookies.ALWAYS);
    assertThat(c.signing().resource()).isEqualTo("/vod/*");
    assertThat(c.signing().hashAlgorithm()).isEqualTo(HashAlgorithm.SHA1);
    assertThat(c.signInHint()).contains("try demo");
    assertThat(c.workerThreads()).isEqualTo(2);
    assertThat(c.catalog()).containsExactly(
        new CatalogEntry(CatalogEntry.Kind.VOD, "a", "A", "An asset", true),
        new CatalogEntry(CatalogEntry.Kind.LIVE, "ch1", "ch1", "", false),
        new CatalogEntry(CatalogEntry.Kind.FILE, "big/file.bin", "Big", "", false));
    assertThat(c.catalog().get(0).mediaPath()).isEqualTo("/vod/a/master.m3u8");
    assertThat(c.catalog().get(0).watchPath()).isEqualTo("/watch/vod/a");
    assertThat(c.catalog().get(1).mediaPath()).isEqualTo("/live/ch1/master.m3u8");
    assertThat(c.catalog().get(2).mediaPath()).isEqualTo("/files/big/file.bin");
    assertThat(c.entry(CatalogEntry.Kind.LIVE, "ch1")).isPresent();
    assertThat(c.entry(CatalogEntry.Kind.VOD, "ch1")).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`  usersFile: u\n`                                           | player.signing: is required",
      "`  signing: { keyPairId: K, privateKeyFile: k }\n`           | player.usersFile: is required",
      "`  usersFile: u\n  sesionLength: 1h\n+S`             | player.sesionLength: unknown key",
      "`  usersFile: u\n  listen: nowhere\n+S`              | player.listen: expected host:port",
      "`  usersFile: u\n  listen: 1.2.3.4:70000\n+S`        | player.listen: port 70000 is above 65535",
      "`  usersFile: u\n  publicBaseUrl: ftp://x\n+S`       | player.publicBaseUrl: expected http(s)://host",
      "`  usersFile: u\n  publicBaseUrl: http://x/app\n+S`  | player.publicBaseUrl: must be scheme://host[:port] without a path",
      "`  usersFile: u\n  sessionLength: 10s\n+S`           | player.sessionLength: expected 1m..30d",
      "`  usersFile: u\n  sessionLength: soon\n+S`          | player.sessionLength: expected a duration",
      "`  usersFile: u\n  secureCookies: maybe\n+S`         | player.secureCookies: expected auto, true or false",
      "`  usersFile: u\n  workerThreads: 0\n+S`             | player.workerThreads: expected 1..64, got 0",
      "`  usersFile: u\n  signing: { keyPairId: 'a b', privateKeyFile: k }\n` | player.signing.keyPairId: use 1-128",
      "`  usersFile: u\n  signing: { keyPairId: K }\n`              | player.signing.privateKeyFile: is required",
      "`  usersFile: u\n  signing: { keyPairId: K, privateKeyFile: k, resource: 'vod/*' }\n` | player.signing.resource: expected a path pattern",
      "`  usersFile: u\n  signing: { keyPairId: K, privateKeyFile: k, resource: '/a\"b' }\n` | player.signing.resource: has a character",
      "`  usersFile: u\n  signing: { keyPairId: K, privateKeyFile: k, hashAlgorithm: MD5 }\n` | player.signing.hashAlgorithm: expected SHA1 or SHA256",
      "`  usersFile: u\n  signing: { keyPairId: K, privateKeyFile: k, pem: x }\n` | player.signing.pem: unknown key",
      "`  usersFile: u\n  catalog: x\n+S`                   | player.catalog: expected a list",
      "`  usersFile: u\n  catalog: [ { id: a } ]\n+S`       | player.catalog[0].type: is required",
      "`  usersFile: u\n  catalog: [ { type: podcast, id: a } ]\n+S` | player.catalog[0].type: expected vod, live or file",
      "`  usersFile: u\n  catalog: [ { type: vod, id: ../a } ]\n+S`  | player.catalog[0].id: use 1-64",
      "`  usersFile: u\n  catalog: [ { type: file, path: ../etc/passwd } ]\n+S` | player.catalog[0].path: expected a path under /files/",
      "`  usersFile: u\n  catalog: [ { type: file, path: /abs } ]\n+S` | player.catalog[0].path: expected a path under /files/",
      "`  usersFile: u\n  catalog: [ { type: vod, id: a }, { type: vod, id: a } ]\n+S` | player.catalog[1]: duplicate vod 'a'",
      "`  usersFile: u\n  catalog: [ { type: vod, id: a, subscribersOnly: yes please } ]\n+S` | player.catalog[0].subscribersOnly: expected true or false",
      "`  usersFile: u\n  catalog: [ { type: vod, id: a, path: p } ]\n+S` | player.catalog[0].path: unknown key",
  })
  void badConfigNamesTheKey(String body, String message) {
    String yaml = body.replace("\\n", "\n").replace("+S", SIGNING);
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(PlayerConfigException.class)
        .hasMessageStartingWith(message.strip().substring(0, message.strip().indexOf(':')))
        .hasMessageContaining(message.strip());
  }

  @Test
  void wholeFileProblems() {
    assertThatThrownBy(() -> PlayerConfigLoader.parse("- a list", BASE)).hasMessageContaining("must be a mapping");
    assertThatThrownBy(() -> PlayerConfigLoader.parse("edge: {}\n", BASE)).hasMessage("player: is required");
    assertThatThrownBy(() -> PlayerConfigLoader.parse("player: {usersFile: u}\nextra: 1\n" .replace("}", ", signing: {keyPairId: K, privateKeyFile: k}}"), BASE))
        .hasMessageStartingWith("extra: unknown key");
    assertThatThrownBy(() -> PlayerConfigLoader.parse("player: [\n", BASE)).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> PlayerConfigLoader.load(Path.of("/nonexistent/player.yaml")))
        .hasMessageContaining("config file not found");
  }
}
