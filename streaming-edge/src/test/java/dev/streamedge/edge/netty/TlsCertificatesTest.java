package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.TlsSettings;
import dev.streamedge.edge.tls.TestCertificates;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** SNI selection and reloading of the viewer certificates, with both TLS providers. */
class TlsCertificatesTest {
  @TempDir
  Path dir;

  private TlsCertificates load(SslProvider provider, TlsSettings.Certificate... certs) {
    return TlsCertificates.load(new TlsSettings(List.of(certs), List.of("TLSv1.3", "TLSv1.2"), Duration.ofSeconds(30)),
        provider, Clock.systemUTC());
  }

  private static TlsSettings.Certificate entry(TestCertificates.Issued i, String... names) {
    return new TlsSettings.Certificate(i.cert(), i.key(), List.of(names));
  }

  @ParameterizedTest
  @CsvSource({
      "a.example.com, A",
      "A.EXAMPLE.COM, A",
      "x.w.example.com, W",
      "b.w.example.com, B",  // an exact name beats a wildcard, whichever entry lists it
      "x.y.w.example.com, A", // a wildcard covers one label only: default
      "w.example.com, A",
      "unknown.example.org, A",
      "shared.example.com, A", // listed by A and W: the first entry keeps it
  })
  void sniPicksTheCertificate(String host, String expected) {
    TestCertificates ca = TestCertificates.ca(dir, "sni");
    TlsCertificates certs = load(SslProvider.JDK,
        entry(ca.issue("a", "DNS:a.example.com", "DNS:shared.example.com")),
        entry(ca.issue("w", "DNS:*.w.example.com"), "*.w.example.com", "shared.example.com"),
        entry(ca.issue("b", "DNS:b.w.example.com")));
    Map<String, SslContext> byName = Map.of("A", certs.map("a.example.com"), "W", certs.map("z.w.example.com"),
        "B", certs.map("b.w.example.com"));
    assertThat(byName.values()).doesNotHaveDuplicates();
    assertThat(certs.map(host)).isSameAs(byName.get(expected));
    assertThat(certs.map(null)).as("no SNI: the first certificate").isSameAs(byName.get("A"));
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
  void reloadSwapsChangedFilesAndKeepsTheOldOnAProblem(SslProvider provider) throws Exception {
    assertThat(SslProvider.isAlpnSupported(provider)).as(provider + " available here").isTrue();
    TestCertificates ca = TestCertificates.ca(dir, "reload");
    TestCertificates.Issued a = ca.issue("a", "DNS:a.example.com");
    TestCertificates.Issued w = ca.issue("w", "DNS:*.w.example.com");
    TlsCertificates certs = load(provider, entry(a), entry(w));
    SslContext a1 = certs.map("a.example.com");
    SslContext w1 = certs.map("x.w.example.com");
    assertThat(certs.reload()).as("nothing changed").isFalse();
    assertThat(certs.map("a.example.com")).isSameAs(a1);

    ca.issue("a", "DNS:a.example.com", "DNS:new.example.com"); // renewed in place
    assertThat(certs.reload()).isTrue();
    SslContext a2 = certs.map("a.example.com");
    assertThat(a2).isNotSameAs(a1);
    assertThat(certs.map("new.example.com")).isSameAs(a2);
    assertThat(certs.map("x.w.example.com")).as("unchanged entry kept").isSameAs(w1);

    // A renewal caught half-way: the new certificate is written, its key not yet.
    byte[] oldKey = Files.readAllBytes(a.key());
    ca.issue("a", "DNS:a.example.com");
    byte[] newKey = Files.readAllBytes(a.key());
    Files.write(a.key(), oldKey);
    assertThat(certs.reload()).isFalse();
    assertThat(certs.map("a.example.com")).isSameAs(a2);
    Files.write(a.key(), newKey);
    assertThat(certs.reload()).isTrue();
    SslContext a3 = certs.map("a.example.com");
    assertThat(a3).isNotSameAs(a2);

    Files.writeString(a.cert(), "not a certificate");
    assertThat(certs.reload()).isFalse();
    Files.delete(w.key());
    assertThat(certs.reload()).isFalse();
    assertThat(certs.map("a.example.com")).isSameAs(a3);
    assertThat(certs.map("x.w.example.com")).isSameAs(w1);
  }

  @Test
  void aFileThatCannotBeServedAtStartIsAConfigErrorNamingTheEntry() throws Exception {
    TestCertificates ca = TestCertificates.ca(dir, "start");
    TestCertificates.Issued a = ca.issue("a", "DNS:a.example.com");
    TestCertificates.Issued b = ca.issue("b", "DNS:b.example.com");
    assertThatThrownBy(() -> load(SslProvider.JDK, entry(a), new TlsSettings.Certificate(b.cert(), a.key(), List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("edge.tls.certificates[1]: ")
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> load(SslProvider.JDK, new TlsSettings.Certificate(dir.resolve("missing.pem"), a.key(), List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("edge.tls.certificates[0]: ")
        .hasMessageContaining("missing.pem: no such file");
    assertThatThrownBy(() -> load(SslProvider.JDK, entry(a, "*.com")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("too broad");
  }
}
