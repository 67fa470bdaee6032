package dev.streamedge.edge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The viewer TLS listener's certificates ({@code edge.tls}).
 *
 * @param certificates certificate chains with their keys; chosen per connection by SNI
 * @param protocols TLS versions offered, e.g. {@code [TLSv1.3, TLSv1.2]}
 * @param reloadInterval how often the PEM files are checked for changes (new handshakes get the
 *     new certificate; connections in flight keep theirs)
 */
public record TlsSettings(List<Certificate> certificates, List<String> protocols, Duration reloadInterval) {
  public TlsSettings {
    certificates = List.copyOf(certificates);
    protocols = List.copyOf(protocols);
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }

  /**
   * One certificate.
   *
   * @param certFile PEM: the certificate chain, leaf first
   * @param keyFile PEM: its private key (PKCS#8, or PKCS#1/SEC1)
   * @param names host names (exact or {@code *.example.com}) it serves; empty = the names in the
   *     certificate's subjectAltName (or CN). The first certificate is also the default for
   *     clients that send no SNI.
   */
  public record Certificate(Path certFile, Path keyFile, List<String> names) {
    public Certificate {
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      names = List.copyOf(names);
    }
  }
}
