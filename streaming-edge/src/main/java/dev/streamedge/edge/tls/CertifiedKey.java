package dev.streamedge.edge.tls;

import dev.streamedge.edge.auth.KeyFormatException;
import dev.streamedge.edge.auth.PemKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain (leaf first) with its private key and the host names it is served for: what
 * one {@code edge.tls.certificates[]} entry becomes once its PEM files are read and checked.
 *
 * <p>Checked on reading, so a bad file is reported with its reason instead of failing handshakes
 * later: the chain parses, the key is unencrypted and is the leaf's (a test signature verifies with
 * the leaf's public key; a renewal caught half-written, new certificate with the old key, fails
 * here), and there is at least one name to serve.
 *
 * @param chain leaf first, then intermediates as the file lists them
 * @param names normalized exact or wildcard names ({@link ServerNames})
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key, List<String> names) {
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS"};

  public CertifiedKey {
    chain = List.copyOf(chain);
    Objects.requireNonNull(key, "key");
    names = List.copyOf(names);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty chain");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /**
   * Reads and checks one certificate entry.
   *
   * @param chainPem the certificate file's text: certificates, leaf first
   * @param keyPem the key file's text: {@code PRIVATE KEY} (PKCS#8, any algorithm the JDK reads),
   *     {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1, P-256)
   * @param configuredNames names from the configuration; empty to use the certificate's own
   * @throws TlsMaterialException saying which part is wrong and why
   */
  public static CertifiedKey read(String chainPem, String keyPem, List<String> configuredNames)
      throws TlsMaterialException {
    List<X509Certificate> chain = readChain(chainPem);
    PrivateKey key = readKey(keyPem);
    requireMatch(chain.get(0), key);
    List<String> names = new ArrayList<>();
    if (configuredNames.isEmpty()) {
      names.addAll(ServerNames.of(chain.get(0)));
      if (names.isEmpty()) {
        throw new TlsMaterialException("the certificate names no DNS host (no subjectAltName dNSName, no CN); "
            + "list the names it serves in names");
      }
    } else {
      for (String n : configuredNames) {
        String normalized = ServerNames.normalize(n);
        if (!names.contains(normalized)) {
          names.add(normalized);
        }
      }
    }
    return new CertifiedKey(chain, key, names);
  }

  /** The certificates of a PEM text, in order. */
  public static List<X509Certificate> readChain(String pem) throws TlsMaterialException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (PemBlocks.Block b : PemBlocks.parse(pem)) {
        if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
          chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new TlsMaterialException("unreadable certificate: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new TlsMaterialException("no -----BEGIN CERTIFICATE----- block");
    }
    return chain;
  }

  /** The first private key of a PEM text. */
  public static PrivateKey readKey(String pem) throws TlsMaterialException {
    for (PemBlocks.Block b : PemBlocks.parse(pem)) {
      switch (b.label()) {
        case "PRIVATE KEY":
          return pkcs8(b.der());
        case "RSA PRIVATE KEY", "EC PRIVATE KEY":
          try {
            return PemKeys.readPrivateKey(pem);
          } catch (KeyFormatException e) {
            throw new TlsMaterialException(e.getMessage() + " (or convert the key to PKCS#8: "
                + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem)", e);
          }
        case "ENCRYPTED PRIVATE KEY":
          throw new TlsMaterialException("the private key is encrypted; decrypt it first "
              + "(openssl pkey -in encrypted.pem -out key.pem)");
        default:
          break;
      }
    }
    throw new TlsMaterialException("no -----BEGIN PRIVATE KEY----- block");
  }

  private static PrivateKey pkcs8(byte[] der) throws TlsMaterialException {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this algorithm; try the next.
      }
    }
    throw new TlsMaterialException("unreadable PKCS#8 private key (not RSA, EC or EdDSA)");
  }

  /** Proves the key is the leaf's: a signature made with it verifies with the leaf's public key. */
  private static void requireMatch(X509Certificate leaf, PrivateKey key) throws TlsMaterialException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "RSASSA-PSS" -> null; // needs parameters; the TLS handshake will tell
      default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
    };
    if (algorithm == null) {
      return;
    }
    byte[] probe = "streamedge key check".getBytes(StandardCharsets.US_ASCII);
    boolean ok;
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(leaf.getPublicKey());
      v.update(probe);
      ok = v.verify(sig);
    } catch (InvalidKeyException e) {
      ok = false; // e.g. an EC key against an RSA certificate
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException("cannot check the key against the certificate: " + e.getMessage(), e);
    }
    if (!ok) {
      throw new TlsMaterialException("the private key does not belong to the certificate ("
          + leaf.getSubjectX500Principal().getName() + "); a renewal half-written?");
    }
  }
}
