package dev.streamedge.edge.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority made with the {@code openssl} command (the tool operators use), in
 * a test's temporary folder: a CA, leaf certificates it signs for chosen names, self-signed ones,
 * and the JDK contexts that trust the CA or serve a leaf.
 */
public final class TestCertificates {
  /** A certificate file (leaf only, PEM) and its key file (PEM). */
  public record Issued(Path cert, Path key) {
    public X509Certificate certificate() {
      try (var in = Files.newInputStream(cert)) {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** A JDK server context serving this certificate (for a test HTTPS origin). */
    public SSLContext serverContext() {
      try {
        PrivateKey privateKey = CertifiedKey.readKey(Files.readString(key));
        List<X509Certificate> chain = CertifiedKey.readChain(Files.readString(cert));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", privateKey, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final AtomicInteger SERIAL = new AtomicInteger(1000);

  private final Path dir;
  private final Path caCert;
  private final Path caKey;

  private TestCertificates(Path dir, Path caCert, Path caKey) {
    this.dir = dir;
    this.caCert = caCert;
    this.caKey = caKey;
  }

  /** A new CA named {@code name} with its files in {@code dir}. */
  public static TestCertificates ca(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path cert = dir.resolve(name + "-ca.crt");
      Path key = dir.resolve(name + "-ca.key");
      Path cnf = config(dir, name + "-ca", name + " Test CA", "");
      openssl(dir, "req", "-x509", "-config", cnf.toString(), "-extensions", "ca",
          "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
          "-keyout", key.toString(), "-out", cert.toString(), "-days", "3");
      return new TestCertificates(dir, cert, key);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caCert() {
    return caCert;
  }

  /**
   * A leaf signed by this CA, ECDSA P-256, written to {@code <base>.crt} and {@code <base>.key}
   * (replacing existing files: a renewal).
   *
   * @param sans subjectAltName entries, e.g. {@code DNS:a.test}, {@code IP:127.0.0.1}
   */
  public Issued issue(String base, String... sans) {
    return leaf(base, true, "ec", sans);
  }

  /** As {@link #issue} with an RSA 2048 key. */
  public Issued issueRsa(String base, String... sans) {
    return leaf(base, true, "rsa", sans);
  }

  /** A self-signed leaf (trusted by nothing). */
  public Issued selfSigned(String base, String... sans) {
    return leaf(base, false, "ec", sans);
  }

  private Issued leaf(String base, boolean signed, String keyType, String... sans) {
    try {
      Path cert = dir.resolve(base + ".crt");
      Path key = dir.resolve(base + ".key");
      Path tmpCert = dir.resolve(base + ".crt.tmp");
      Path tmpKey = dir.resolve(base + ".key.tmp");
      String cn = sans.length > 0 ? sans[0].substring(sans[0].indexOf(':') + 1) : base;
      Path cnf = config(dir, base, cn, String.join(",", sans));
      List<String> cmd = new ArrayList<>(List.of("req", "-x509", "-config", cnf.toString(), "-extensions", "leaf",
          "-newkey", keyType.equals("rsa") ? "rsa:2048" : "ec"));
      if (!keyType.equals("rsa")) {
        cmd.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
      }
      cmd.addAll(List.of("-nodes", "-keyout", tmpKey.toString(), "-out", tmpCert.toString(), "-days", "3",
          "-set_serial", String.valueOf(SERIAL.incrementAndGet())));
      if (signed) {
        cmd.addAll(List.of("-CA", caCert.toString(), "-CAkey", caKey.toString()));
      }
      openssl(dir, cmd.toArray(new String[0]));
      Files.move(tmpKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmpCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Issued(cert, key);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK client context that trusts only this CA. */
  public SSLContext clientContext() {
    return trusting(caCert);
  }

  /** A JDK client context that trusts only the certificates in {@code pem}. */
  public static SSLContext trusting(Path pem) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code openssl args...} in {@code dir}; fails with its output when it fails. */
  public static String openssl(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static Path config(Path dir, String base, String cn, String sans) throws IOException {
    Path cnf = dir.resolve(base + ".cnf");
    Files.writeString(cnf, "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = " + cn + "\n"
        + "[ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
        + "subjectKeyIdentifier = hash\n"
        + "[leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\n"
        + "extendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\n"
        + (sans.isEmpty() ? "" : "subjectAltName = " + sans + "\n"));
    return cnf;
  }
}
