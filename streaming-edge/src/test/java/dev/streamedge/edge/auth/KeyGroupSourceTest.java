package dev.streamedge.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.edge.auth.KeyGroupSource.ReloadOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGroupSourceTest {
  @TempDir Path dir;

  private Path write(String name, String pem) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, pem);
    return p;
  }

  private Path write(String name, KeyPair pair) throws Exception {
    return write(name, PemKeys.toPem(pair.getPublic()));
  }

  private static KeyGroupSpec group(String id, Object... idsAndPaths) {
    List<KeyGroupSpec.PublicKeyFile> keys = new java.util.ArrayList<>();
    for (int i = 0; i < idsAndPaths.length; i += 2) {
      keys.add(new KeyGroupSpec.PublicKeyFile((String) idsAndPaths[i], (Path) idsAndPaths[i + 1]));
    }
    return new KeyGroupSpec(id, keys);
  }

  @Test
  void loadsGroupsFromPemFiles() throws Exception {
    Path rsa = write("subscribers.pub.pem", TestKeys.resource("rsa-pkcs1.pub.pem"));
    Path ec = write("ec.pub.pem", TestKeys.EC);
    KeyGroupSource source = KeyGroupSource.load(List.of(
        group("subscribers", "K2JCJMDEHXQW5F", rsa, "KEC", ec),
        group("partners", "KEC", ec)));
    KeyGroups groups = source.get();
    assertThat(groups.groupIds()).containsExactly("subscribers", "partners");
    assertThat(groups.group("subscribers").key("K2JCJMDEHXQW5F").type()).isEqualTo(KeyType.RSA);
    assertThat(groups.find(List.of("partners"), "KEC").type()).isEqualTo(KeyType.EC_P256);
    assertThat(groups.find(List.of("partners"), "K2JCJMDEHXQW5F")).isNull();
  }

  @Test
  void startupErrorsNameTheConfigKey() throws Exception {
    Path weak = write("weak.pem", TestKeys.resource("weak-rsa1024.pub.pem"));
    Path ok = write("ok.pem", TestKeys.RSA);
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "K1", ok),
        group("b", "K2", ok, "K3", weak))))
        .isInstanceOf(KeyGroupException.class)
        .hasMessageStartingWith("distribution.keyGroups[1].publicKeys[1] (K3, ")
        .hasMessageContaining("RSA key of 1024 bits");
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "K1", dir.resolve("nope.pem")))))
        .hasMessageStartingWith("distribution.keyGroups[0].publicKeys[0].pemFile (")
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a"))))
        .hasMessageStartingWith("distribution.keyGroups[0].publicKeys (a): needs a key");
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "K1", ok), group("a", "K2", ok))))
        .hasMessageContaining("key group id a is used twice");
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "K1", ok, "K1", ok))))
        .hasMessageContaining("lists key pair id K1 twice");
    Path other = write("other.pem", TestKeys.OTHER_RSA);
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "K1", ok), group("b", "K1", other))))
        .hasMessageContaining("key pair id K1 names two different keys");
    assertThatThrownBy(() -> KeyGroupSource.load(List.of(group("a", "bad id!", ok))))
        .hasMessageContaining("must be 1 to 128 letters");
  }

  @Test
  void reloadPicksUpRotationsAndReportsWhatChanged() throws Exception {
    Path old = write("old.pem", TestKeys.RSA);
    KeyGroupSource source = KeyGroupSource.load(List.of(group("subscribers", "KOLD", old)));
    KeyGroups first = source.get();

    assertThat(source.reload()).isInstanceOf(ReloadOutcome.Unchanged.class);
    assertThat(source.get()).isSameAs(first);

    // Rotation step 1: add the new key next to the old one.
    Path fresh = write("new.pem", TestKeys.EC);
    ReloadOutcome added = source.reload(List.of(group("subscribers", "KOLD", old, "KNEW", fresh)));
    assertThat(added).isInstanceOf(ReloadOutcome.Reloaded.class);
    assertThat(((ReloadOutcome.Reloaded) added).changes())
        .singleElement().asString().startsWith("+subscribers/KNEW");
    assertThat(source.get().group("subscribers").keys()).containsOnlyKeys("KOLD", "KNEW");

    // Step 3: remove the old one.
    ReloadOutcome removed = source.reload(List.of(group("subscribers", "KNEW", fresh)));
    assertThat(((ReloadOutcome.Reloaded) removed).changes())
        .singleElement().asString().startsWith("-subscribers/KOLD");
    assertThat(source.get().group("subscribers").keys()).containsOnlyKeys("KNEW");
  }

  @Test
  void reloadSeesAFileWhoseContentChanged() throws Exception {
    Path file = write("k.pem", TestKeys.RSA);
    KeyGroupSource source = KeyGroupSource.load(List.of(group("g", "K1", file)));
    write("k.pem", TestKeys.OTHER_RSA);
    assertThat(source.reload()).isInstanceOf(ReloadOutcome.Reloaded.class);
    assertThat(source.get().group("g").key("K1").publicKey()).isEqualTo(TestKeys.OTHER_RSA.getPublic());
  }

  @Test
  void aFailedReloadKeepsThePreviousKeysAndSaysWhy() throws Exception {
    Path file = write("k.pem", TestKeys.RSA);
    KeyGroupSource source = KeyGroupSource.load(List.of(group("g", "K1", file)));
    KeyGroups before = source.get();

    write("k.pem", "-----BEGIN PUBLIC KEY-----\nMIIBIjAN"); // half-written during a copy
    ReloadOutcome outcome = source.reload();
    assertThat(outcome).isInstanceOf(ReloadOutcome.Failed.class);
    assertThat(((ReloadOutcome.Failed) outcome).reason())
        .startsWith("distribution.keyGroups[0].publicKeys[0] (K1, ").contains("no END line");
    assertThat(source.get()).isSameAs(before);

    Files.delete(file);
    assertThat(source.reload()).isInstanceOf(ReloadOutcome.Failed.class);
    assertThat(source.get()).isSameAs(before);

    write("k.pem", TestKeys.RSA);
    assertThat(source.reload()).isInstanceOf(ReloadOutcome.Unchanged.class);
  }

  @Test
  void aFailedReloadOfNewSpecsKeepsTheOldSpecs() throws Exception {
    Path file = write("k.pem", TestKeys.RSA);
    KeyGroupSource source = KeyGroupSource.load(List.of(group("g", "K1", file)));
    List<KeyGroupSpec> before = source.specs();
    assertThat(source.reload(List.of(group("g", "K1", dir.resolve("missing.pem")))))
        .isInstanceOf(ReloadOutcome.Failed.class);
    assertThat(source.specs()).isEqualTo(before);
  }

  @Test
  void theVerifierSeesReloadedKeysAtOnce() throws Exception {
    Path file = write("k.pem", TestKeys.OTHER_RSA);
    KeyGroupSource source = KeyGroupSource.load(List.of(group("subscribers",
        SignedRequests.K_RSA, file)));
    SignedAccessVerifier verifier = new SignedAccessVerifier(source);
    SignedRequest request = SignedRequests.get(SignedRequests.rsa().signedUrl(
        SignedRequests.BASE + "/vod/a.ts", SignedRequests.EXP));
    assertThat(verifier.verify(request, SignedRequests.TRUSTED).allowed()).isFalse();
    write("k.pem", TestKeys.RSA);
    source.reload();
    assertThat(verifier.verify(request, SignedRequests.TRUSTED).allowed()).isTrue();
  }
}
