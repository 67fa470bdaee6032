package dev.streamedge.player.demo;

import dev.streamedge.edge.auth.PemKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's HTTPS certificate, made on first run: self-signed, ECDSA P-256, for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, valid 825 days. <b>Demo only</b>: no browser trusts it (they
 * warn once; curl needs {@code -k} or {@code --cacert} with the certificate file). A real
 * deployment points {@code edge.tls} at real certificate files instead (docs/tls.md).
 *
 * <p>Made with the JDK's {@code keytool} (no extra library), then written as the PEM files the edge
 * reads: the certificate world-readable, the key owner-only. Existing files are left alone.
 */
final class DemoCertificates {
  private static final Logger log = LoggerFactory.getLogger(DemoCertificates.class);

  private DemoCertificates() {}

  /** Makes {@code certFile} and {@code keyFile} unless both exist. */
  static void ensure(Path certFile, Path keyFile) {
    boolean cert = Files.exists(certFile);
    boolean key = Files.exists(keyFile);
    if (cert && key) {
      return;
    }
    if (cert || key) {
      throw new IllegalStateException("demo TLS: " + (cert ? keyFile : certFile) + " is missing but "
          + (cert ? certFile : keyFile) + " exists; delete it to make a new self-signed pair");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("streamedge-demo-tls-");
      Path store = tmp.resolve("demo.p12");
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret); // protects a keystore deleted right after
      keytool(List.of("-genkeypair", "-alias", "demo", "-keyalg", "EC", "-groupname", "secp256r1",
          "-sigalg", "SHA256withECDSA", "-validity", "825",
          "-dname", "CN=localhost, O=streamedge demo (self-signed)",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-ext", "BC=ca:false",
          "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth",
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, password.toCharArray());
      }
      PrivateKey privateKey = (PrivateKey) ks.getKey("demo", password.toCharArray());
      Certificate certificate = ks.getCertificate("demo");
      String certPem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      write(keyFile, PemKeys.toPem(privateKey), true);
      write(certFile, certPem, false);
      log.info("made the demo's self-signed HTTPS certificate {} for localhost (demo only: browsers warn about it)",
          certFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the demo's TLS certificate: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the demo's TLS certificate: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try (var files = Files.list(tmp)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.debug("cannot remove {}: {}", tmp, e.toString());
        }
      }
    }
  }

  private static void keytool(List<String> args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException(keytool + " not found; set edge.tls in edge.yaml to a certificate you have");
    }
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(keytool.toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the certificate", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out.strip());
    }
  }

  private static void write(Path target, String text, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path tmp = posix
        ? Files.createTempFile(dir, ".tls-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".tls-", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      if (posix && !ownerOnly) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
