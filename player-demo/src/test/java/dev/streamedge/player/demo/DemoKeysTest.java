package dev.streamedge.player.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.auth.PemKeys;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoKeysTest {
  @TempDir
  Path dir;

  @Test
  void makesAMatchingPairOnceAndKeepsIt() throws Exception {
    Path priv = dir.resolve("keys/subscribers.key.pem");
    Path pub = dir.resolve("keys/subscribers.pub.pem");
    DemoKeys.ensure(priv, pub);
    assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");
    }
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(PemKeys.readPrivateKey(Files.readString(priv)));
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(PemKeys.readPublicKey(Files.readString(pub)));
    v.update(new byte[] {1, 2, 3});
    assertThat(v.verify(sig)).isTrue();

    String before = Files.readString(priv);
    String publicBefore = Files.readString(pub);
    Files.writeString(pub, "stale\n");
    DemoKeys.ensure(priv, pub);
    assertThat(Files.readString(priv)).isEqualTo(before);
    assertThat(Files.readString(pub)).isEqualTo(publicBefore);
  }
}
