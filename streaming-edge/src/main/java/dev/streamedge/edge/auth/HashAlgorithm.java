package dev.streamedge.edge.auth;

/**
 * The digest under the signature, named on the wire by {@code Hash-Algorithm} / {@code
 * CloudFront-Hash-Algorithm}; absent means SHA-1, CloudFront's default. The signature scheme follows
 * the key: RSASSA-PKCS1-v1_5 for RSA keys, ECDSA with a DER-encoded (r, s) for P-256 keys, as the
 * AWS SDK for Java v2 signs ({@code SHA1withRSA}, {@code SHA1withECDSA}).
 */
public enum HashAlgorithm {
  SHA1("SHA1"),
  SHA256("SHA256");

  private final String wireName;

  HashAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The parameter value: {@code SHA1} or {@code SHA256}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA algorithm for a key of {@code type}. */
  public String jcaName(KeyType type) {
    return wireName + (type == KeyType.RSA ? "withRSA" : "withECDSA");
  }

  /** The algorithm a parameter value names (case-sensitive), or null when it names none. */
  public static HashAlgorithm fromWire(String value) {
    if (value == null) {
      return SHA1;
    }
    return switch (value) {
      case "SHA1" -> SHA1;
      case "SHA256" -> SHA256;
      default -> null;
    };
  }
}
