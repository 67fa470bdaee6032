package dev.streamedge.player.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.player.account.UserDirectory;
import dev.streamedge.player.config.CatalogEntry;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped config/demo files are valid and agree with each other. */
class DemoConfigTest {
  static final Path DIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
      .resolve("../config/demo").normalize();

  @Test
  void everyFileLoads() {
    PlayerConfig player = PlayerConfigLoader.load(DIR.resolve("player.yaml"));
    EdgeConfig edge = EdgeConfigLoader.load(DIR.resolve("edge.yaml"));
    PackagerConfig a = PackagerConfig.load(DIR.resolve("packager-a.yaml"));
    PackagerConfig b = PackagerConfig.load(DIR.resolve("packager-b.yaml"));
    assertThat(a.mediaDir()).isEqualTo(b.mediaDir());
    assertThat(a.live()).isEqualTo(b.live());
    assertThat(a.renditions()).isEqualTo(b.renditions());
    assertThat(player.publicBaseUrl()).isEqualTo(Optional.of(edge.distribution().publicBaseUrl()));
    assertThat(edge.distribution().keyGroups()).anySatisfy(g -> assertThat(g.publicKeys())
        .anySatisfy(k -> assertThat(k.id()).isEqualTo(player.signing().keyPairId())));
    assertThat(edge.distribution().origin(Demo.PLAYER)).isPresent();
    assertThat(edge.distribution().origin(Demo.PACKAGER_A)).isPresent();
    assertThat(edge.distribution().origin(Demo.PACKAGER_B)).isPresent();
    assertThat(edge.distribution().defaultCacheBehavior().targetOriginId()).isEqualTo(Demo.PLAYER);
    assertThat(edge.distribution().defaultCacheBehavior().allows("POST")).isTrue();
    assertThat(UserDirectory.load(player.usersFile()).verify("demo", "streamedge".toCharArray())).isTrue();
  }

  @Test
  void subscriberOnlyEntriesAreProtectedByTheEdge() {
    PlayerConfig player = PlayerConfigLoader.load(DIR.resolve("player.yaml"));
    EdgeConfig edge = EdgeConfigLoader.load(DIR.resolve("edge.yaml"));
    for (CatalogEntry e : player.catalog()) {
      CacheBehavior b = behaviorFor(edge, e.mediaPath());
      assertThat(b.requiresSignature()).as("%s behind %s", e.mediaPath(), b.label()).isEqualTo(e.subscribersOnly());
      assertThat(b.targetOriginId()).startsWith("packager");
    }
  }

  @Test
  void noPrivateKeyIsShipped() throws Exception {
    try (var files = Files.walk(DIR)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        try {
          assertThat(Files.readString(f)).as("%s", f).doesNotContain("PRIVATE KEY-----");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }

  private static CacheBehavior behaviorFor(EdgeConfig edge, String path) {
    return edge.distribution().cacheBehaviors().stream()
        .filter(b -> dev.streamedge.edge.route.PathPattern.of(b.pathPattern()).matches(path))
        .findFirst().orElse(edge.distribution().defaultCacheBehavior());
  }
}
