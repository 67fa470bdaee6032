package dev.streamedge.edge.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs for tests: the committed OpenSSL-made ones (src/test/resources/auth) and a few made
 * with the JDK at class load. Immutable values; generating RSA keys is the slow part, so it is done
 * once per JVM.
 */
final class TestKeys {
  static final KeyPair RSA = pair("rsa.pub.pem", "rsa-pkcs8.key.pem");
  static final KeyPair EC = pair("ec.pub.pem", "ec-pkcs8.key.pem");
  /** A second RSA key: the one "another group" trusts. */
  static final KeyPair OTHER_RSA = generate("RSA");
  /** A key no group trusts, to sign with under a trusted id (a forged token). */
  static final KeyPair ROGUE_EC = generate("EC");

  private TestKeys() {}

  static String resource(String name) {
    try (InputStream in = TestKeys.class.getResourceAsStream("/auth/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /auth/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair pair(String pub, String priv) {
    try {
      PublicKey p = PemKeys.readPublicKey(resource(pub));
      PrivateKey k = PemKeys.readPrivateKey(resource(priv));
      return new KeyPair(p, k);
    } catch (KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair generate(String alg) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (alg.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrustedKey trusted(String id, KeyPair pair) {
    try {
      return TrustedKey.of(id, pair.getPublic());
    } catch (KeyFormatException e) {
      throw new IllegalStateException(e);
    }
  }
}
