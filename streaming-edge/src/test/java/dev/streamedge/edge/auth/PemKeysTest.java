package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemKeysTest {

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
      "rsa.pub.pem, rsa-pkcs8.key.pem, RSA",
      "rsa.pub.pem, rsa-pkcs1.key.pem, RSA",
      "rsa-pkcs1.pub.pem, rsa-pkcs8.key.pem, RSA",
      "ec.pub.pem, ec-pkcs8.key.pem, EC_P256",
      "ec.pub.pem, ec-sec1.key.pem, EC_P256",
  })
  void readsOpenSslFormatsAndTheKeysFitTogether(String pub, String priv, KeyType type)
      throws Exception {
    PublicKey publicKey = PemKeys.readPublicKey(TestKeys.resource(pub));
    PrivateKey privateKey = PemKeys.readPrivateKey(TestKeys.resource(priv));
    assertThat(PemKeys.typeOf(publicKey)).isEqualTo(type);
    assertThat(PemKeys.typeOf(privateKey)).isEqualTo(type);
    String alg = HashAlgorithm.SHA256.jcaName(type);
    Signature s = Signature.getInstance(alg);
    s.initSign(privateKey);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(publicKey);
    v.update(new byte[] {1, 2, 3});
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void pkcs1AndSpkiPublicKeysAreTheSameKey() throws Exception {
    assertThat(PemKeys.readPublicKey(TestKeys.resource("rsa-pkcs1.pub.pem")))
        .isEqualTo(PemKeys.readPublicKey(TestKeys.resource("rsa.pub.pem")));
  }

  @Test
  void writesPemThatReadsBack() throws Exception {
    PublicKey pub = TestKeys.EC.getPublic();
    String pem = PemKeys.toPem(pub);
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(PemKeys.readPublicKey(pem)).isEqualTo(pub);
    PrivateKey priv = TestKeys.RSA.getPrivate();
    assertThat(PemKeys.readPrivateKey(PemKeys.toPem(priv)).getEncoded()).isEqualTo(priv.getEncoded());
  }

  @Test
  void findsTheKeyBlockAmongOthers() throws Exception {
    String pem = "some text\n" + TestKeys.resource("ec.pub.pem") + "\n";
    assertThat(PemKeys.readPublicKey("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
        + "-----END CERTIFICATE REQUEST-----\n" + pem)).isNotNull();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "weak-rsa1024.pub.pem|RSA key of 1024 bits",
      "ec-p384.pub.pem|not on P-256",
      "ec-pkcs8.key.pem|no PEM block labelled PUBLIC KEY or RSA PUBLIC KEY",
  })
  void refusesUnusablePublicKeys(String file, String message) {
    assertThatThrownBy(() -> PemKeys.readPublicKey(TestKeys.resource(file)))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "rsa-encrypted.key.pem|encrypted",
      "ec-p384-sec1.key.pem|not on P-256",
      "rsa.pub.pem|no PEM block labelled",
  })
  void refusesUnusablePrivateKeys(String file, String message) {
    assertThatThrownBy(() -> PemKeys.readPrivateKey(TestKeys.resource(file)))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "''|no PEM block",
      "-----BEGIN PUBLIC KEY-----|has no END line",
      "-----BEGIN PUBLIC|truncated PEM header",
      "-----BEGIN PUBLIC KEY-----\\nAAAA|has no END line",
      "-----BEGIN PUBLIC KEY-----\\n!!!!\\n-----END PUBLIC KEY-----|not base64",
      "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----|unreadable PUBLIC KEY",
      "-----BEGIN RSA PUBLIC KEY-----\\nMAA=\\n-----END RSA PUBLIC KEY-----|unreadable RSA PUBLIC KEY",
      "-----BEGIN RSA PUBLIC KEY-----\\nMAYCAQECAQE=\\n-----END RSA PUBLIC KEY-----|at least 512 bits",
      "-----BEGIN RSA PUBLIC KEY-----\\nMIQAAAABAgE=\\n-----END RSA PUBLIC KEY-----|bad DER length",
  })
  void refusesGarbageWithAReason(String pem, String message) {
    assertThatThrownBy(() -> PemKeys.readPublicKey(pem.replace("\\n", "\n")))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining(message);
  }
}
