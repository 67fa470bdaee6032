package dev.streamedge.player.demo;

import dev.streamedge.edge.auth.KeyFormatException;
import dev.streamedge.edge.auth.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's signing key pair, made on first run: an RSA-2048 private key for the player's sign-in (a file
 * only its owner can read) and its public key for the edge's key group. No private key is ever shipped in
 * the repository; each checkout makes its own. When the private key exists, the public file is rewritten if
 * it does not match it, so the two never disagree.
 */
final class DemoKeys {
  private static final Logger log = LoggerFactory.getLogger(DemoKeys.class);

  private DemoKeys() {}

  static void ensure(Path privatePem, Path publicPem) {
    try {
      PublicKey publicKey;
      if (Files.exists(privatePem)) {
        PrivateKey key = PemKeys.readPrivateKey(Files.readString(privatePem));
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
          if (!Files.exists(publicPem)) {
            throw new IllegalStateException(privatePem + " is not an RSA key and " + publicPem + " is missing: "
                + "write the public key there yourself");
          }
          return;
        }
        publicKey = KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        writeAtomically(privatePem, PemKeys.toPem(pair.getPrivate()), true);
        publicKey = pair.getPublic();
        log.info("generated the demo signing key {} (RSA 2048)", privatePem);
      }
      String pem = PemKeys.toPem(publicKey);
      if (!Files.exists(publicPem) || !Files.readString(publicPem).equals(pem)) {
        writeAtomically(publicPem, pem, false);
        log.info("wrote the demo public key {} for the edge's key group", publicPem);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo signing keys: " + e.getMessage(), e);
    } catch (KeyFormatException e) {
      throw new IllegalStateException(privatePem + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an RSA key pair: " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path target, String text, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    // Created owner-only; a public key is then opened to everyone (the edge may run as another user).
    Path tmp = posix
        ? Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".key-", ".tmp");
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
