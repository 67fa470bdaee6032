package dev.streamedge.edge.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * One public key of a key group, under the id signers put in {@code Key-Pair-Id}. The fingerprint
 * (SHA-256 of the SubjectPublicKeyInfo, as {@code openssl pkey -pubin -outform DER | sha256sum}
 * would give) names the key material in logs without printing it.
 */
public record TrustedKey(String keyPairId, PublicKey publicKey, KeyType type, String fingerprint) {
  public TrustedKey {
    Objects.requireNonNull(keyPairId, "keyPairId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** Checks the key (RSA 2048+ or EC P-256) and computes its fingerprint. */
  public static TrustedKey of(String keyPairId, PublicKey publicKey) throws KeyFormatException {
    Objects.requireNonNull(keyPairId, "keyPairId");
    Objects.requireNonNull(publicKey, "publicKey");
    if (!KeyPairIds.isValid(keyPairId)) {
      throw new KeyFormatException("key pair id '" + keyPairId
          + "' must be 1 to 128 letters, digits, '-' or '_'");
    }
    KeyType type = PemKeys.typeOf(publicKey);
    return new TrustedKey(keyPairId, publicKey, type, fingerprint(publicKey));
  }

  static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  /** Same id and same key material. */
  boolean sameAs(TrustedKey other) {
    return keyPairId.equals(other.keyPairId) && fingerprint.equals(other.fingerprint);
  }

  @Override
  public String toString() {
    return keyPairId + " (" + type + ", " + fingerprint + ")";
  }
}
