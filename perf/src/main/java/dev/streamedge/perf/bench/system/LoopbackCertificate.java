package dev.streamedge.perf.bench.system;

import dev.streamedge.edge.auth.PemKeys;
import dev.streamedge.perf.bench.load.ExternalCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The self-signed certificate the HTTPS listeners of one run serve (the edge's and nginx's, the
 * same one): ECDSA P-256 for {@code localhost} and {@code 127.0.0.1}, made with the
 * JDK's {@code keytool} (always there, unlike openssl) and written as the PEM files both read. The
 * load generator does not verify it; only the key type matters to the figures, and it is the same
 * for both servers. Valid 30 days: the edge warns about a certificate that expires within 14.
 *
 * @param certFile the PEM certificate
 * @param keyFile the PEM private key (unencrypted PKCS#8)
 */
public record LoopbackCertificate(Path certFile, Path keyFile) {
  private static final String PASSWORD = "bench-only"; // a keystore deleted right after

  /** The pair in {@code dir}, made on first use in the run. */
  public static synchronized LoopbackCertificate in(Path dir) {
    LoopbackCertificate c = new LoopbackCertificate(dir.resolve("localhost.crt"), dir.resolve("localhost.key"));
    if (Files.isRegularFile(c.certFile()) && Files.isRegularFile(c.keyFile())) {
      return c;
    }
    try {
      Files.createDirectories(dir);
      Path store = dir.resolve("localhost.p12");
      Files.deleteIfExists(store);
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      ExternalCommand.Result r = ExternalCommand.run(List.of(keytool.toString(), "-genkeypair", "-alias", "bench",
          "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "30",
          "-dname", "CN=localhost, O=streamedge bench (self-signed)", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
          "-ext", "BC=ca:false", "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth",
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD),
          Duration.ofSeconds(60));
      if (!r.ok()) {
        throw new IllegalStateException("keytool could not make the bench certificate: "
            + (r.stdout() + r.stderr()).strip());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      String certPem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(ks.getCertificate("bench").getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      Files.writeString(c.keyFile(), PemKeys.toPem((PrivateKey) ks.getKey("bench", PASSWORD.toCharArray())),
          StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(c.keyFile(), PosixFilePermissions.fromString("rw-------"));
      Files.writeString(c.certFile(), certPem, StandardCharsets.US_ASCII);
      Files.delete(store);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the bench certificate: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the bench certificate: " + e.getMessage(), e);
    }
  }
}
