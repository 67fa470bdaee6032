package dev.streamedge.player.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash (RFC 8018 §5.2) as stored in the users file:
 * {@code pbkdf2-sha256$600000$<salt>$<hash>}, salt and hash in unpadded standard base64. 600 000 iterations
 * is OWASP's 2023 recommendation for this PRF; the count is stored with each hash so it can be raised later
 * without invalidating existing entries.
 */
public final class PasswordHash {
  public static final String SCHEME = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 600_000;
  static final int MIN_ITERATIONS = 1_000;
  static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static PasswordHash create(char[] password, SecureRandom random, int iterations) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(random, "random");
    checkIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
  }

  /**
   * Reads the stored form.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static PasswordHash parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split("\\$", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("expected " + SCHEME + "$<iterations>$<salt>$<hash>");
    }
    if (!parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("unknown hash scheme '" + parts[0] + "' (expected " + SCHEME + ")");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations '" + parts[1] + "' is not a number");
    }
    checkIterations(iterations);
    byte[] salt = decode("salt", parts[2]);
    byte[] hash = decode("hash", parts[3]);
    if (salt.length < 8) {
      throw new IllegalArgumentException("salt of " + salt.length + " bytes; at least 8 are needed");
    }
    if (hash.length < 16 || hash.length > 64) {
      throw new IllegalArgumentException("hash of " + hash.length + " bytes; expected 16..64");
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** Whether {@code password} hashes to this value; the comparison takes the same time wherever they differ. */
  public boolean matches(char[] password) {
    Objects.requireNonNull(password, "password");
    byte[] candidate = derive(password, salt, iterations, hash.length);
    try {
      return MessageDigest.isEqual(candidate, hash);
    } finally {
      Arrays.fill(candidate, (byte) 0);
    }
  }

  public int iterations() {
    return iterations;
  }

  /** The stored form, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. */
  public String format() {
    return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$…"; // never the hash itself in a log line
  }

  private static void checkIterations(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations " + iterations + " outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
    }
  }

  private static byte[] decode(String what, String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not base64: " + e.getMessage());
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
