package dev.streamedge.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading certificate entries as operators have them: the key formats openssl and certbot write. */
class CertifiedKeyTest {
  @TempDir
  static Path dir;
  static TestCertificates ca;
  static TestCertificates.Issued ec;
  static TestCertificates.Issued rsa;

  @BeforeAll
  static void certificates() throws IOException {
    ca = TestCertificates.ca(dir, "keys");
    ec = ca.issue("ec", "DNS:ec.example.com", "DNS:*.ec.example.com");
    rsa = ca.issueRsa("rsa", "DNS:rsa.example.com");
    // Traditional encodings: PKCS#1 (RSA PRIVATE KEY) and SEC1 (EC PRIVATE KEY, with its parameters block).
    TestCertificates.openssl(dir, "rsa", "-in", "rsa.key", "-traditional", "-out", "rsa.pkcs1.key");
    TestCertificates.openssl(dir, "ecparam", "-name", "prime256v1", "-out", "ec.params");
    TestCertificates.openssl(dir, "ec", "-in", "ec.key", "-out", "ec.sec1.key");
    Files.writeString(dir.resolve("ec.sec1-with-params.key"),
        Files.readString(dir.resolve("ec.params")) + Files.readString(dir.resolve("ec.sec1.key")));
    TestCertificates.openssl(dir, "pkcs8", "-topk8", "-in", "ec.key", "-passout", "pass:secret", "-out", "ec.enc.key");
    // A chain file as certbot's fullchain.pem: leaf, then the issuer, with openssl's subject lines around.
    Files.writeString(dir.resolve("fullchain.pem"), "subject=CN = ec.example.com\n" + Files.readString(ec.cert())
        + "\nsubject=CN = keys Test CA\n" + Files.readString(ca.caCert()));
  }

  @ParameterizedTest
  @CsvSource({
      "ec.crt, ec.key, EC",
      "ec.crt, ec.sec1.key, EC",
      "ec.crt, ec.sec1-with-params.key, EC",
      "fullchain.pem, ec.key, EC",
      "rsa.crt, rsa.key, RSA",
      "rsa.crt, rsa.pkcs1.key, RSA",
  })
  void readsTheKeyFormatsInUse(String certFile, String keyFile, String algorithm) throws Exception {
    CertifiedKey k = read(certFile, keyFile, List.of());
    assertThat(k.key().getAlgorithm()).isEqualTo(algorithm);
    assertThat(k.leaf().getSubjectX500Principal().getName()).doesNotContain("Test CA");
  }

  @Test
  void keepsTheChainInOrder() throws Exception {
    CertifiedKey k = read("fullchain.pem", "ec.key", List.of());
    assertThat(k.chain()).hasSize(2);
    assertThat(k.chain().get(1).getSubjectX500Principal().getName()).isEqualTo("CN=keys Test CA");
  }

  @Test
  void namesComeFromTheCertificateUnlessConfigured() throws Exception {
    assertThat(read("ec.crt", "ec.key", List.of()).names()).containsExactly("ec.example.com", "*.ec.example.com");
    assertThat(read("ec.crt", "ec.key", List.of("CDN.example.com", "*.Example.com", "cdn.example.com")).names())
        .containsExactly("cdn.example.com", "*.example.com");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ec.crt  | rsa.key    | does not belong to the certificate",
      "rsa.crt | ec.key     | does not belong to the certificate",
      "ec.crt  | ec.enc.key | encrypted",
      "ec.key  | ec.key     | no -----BEGIN CERTIFICATE-----",
      "ec.crt  | ec.crt     | no -----BEGIN PRIVATE KEY-----",
      "ec.crt  | ec.params  | no -----BEGIN PRIVATE KEY-----",
  })
  void refusesWithAReason(String certFile, String keyFile, String reason) {
    assertThatThrownBy(() -> read(certFile, keyFile, List.of()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refusesABadConfiguredName() {
    assertThatThrownBy(() -> read("ec.crt", "ec.key", List.of("*.com")))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("too broad");
  }

  @Test
  void refusesATruncatedCertificate() throws IOException {
    String pem = Files.readString(ec.cert());
    String cut = pem.substring(0, pem.length() / 2) + "\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> CertifiedKey.read(cut, Files.readString(ec.key()), List.of()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("unreadable certificate");
  }

  private static CertifiedKey read(String certFile, String keyFile, List<String> names) throws Exception {
    return CertifiedKey.read(Files.readString(dir.resolve(certFile)), Files.readString(dir.resolve(keyFile)), names);
  }
}
