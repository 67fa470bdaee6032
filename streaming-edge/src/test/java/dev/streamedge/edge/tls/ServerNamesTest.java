package dev.streamedge.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNamesTest {
  @ParameterizedTest
  @CsvSource({
      "cdn.example.com, cdn.example.com",
      "CDN.Example.COM, cdn.example.com",
      "cdn.example.com., cdn.example.com",
      "' cdn.example.com ', cdn.example.com",
      "*.example.com, *.example.com",
      "*.EXAMPLE.com, *.example.com",
      "localhost, localhost",
      "bücher.example, xn--bcher-kva.example",
      "*.bücher.example, *.xn--bcher-kva.example",
      "a-b.c_d.example, a-b.c_d.example",
  })
  void normalizes(String configured, String expected) throws TlsMaterialException {
    assertThat(ServerNames.normalize(configured)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*", "*.com", "foo.*.example.com", "*foo.example.com", "f*.example.com",
      "-a.example.com", "a-.example.com", "a..example.com", ".example.com", "exa mple.com", "example.com:443",
      "10.0.0.1", "*.0.1"})
  void refuses(String configured) {
    assertThatThrownBy(() -> ServerNames.normalize(configured))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("'" + configured + "'");
  }

  @Test
  void namesOfACertificateAreItsDnsSubjectAltNames(@TempDir Path dir) {
    TestCertificates ca = TestCertificates.ca(dir, "names");
    var cert = ca.issue("multi", "DNS:A.example.com", "DNS:*.cdn.example.com", "IP:127.0.0.1", "DNS:a.example.com")
        .certificate();
    assertThat(ServerNames.of(cert)).containsExactly("a.example.com", "*.cdn.example.com");
  }

  @Test
  void onlyWithoutSubjectAltNamesTheCommonNameIsTheName(@TempDir Path dir) {
    TestCertificates ca = TestCertificates.ca(dir, "cn");
    // issue() puts the first entry's value in the CN: here a subjectAltName without DNS names.
    var onlyIp = ca.issue("ip-only", "IP:10.0.0.1").certificate();
    assertThat(ServerNames.of(onlyIp)).isEmpty();
    var cnOnly = ca.issue("legacy.example.com").certificate();
    assertThat(ServerNames.of(cnOnly)).containsExactly("legacy.example.com");
  }
}
