package dev.streamedge.player.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.demo.DemoMedia;
import dev.streamedge.player.app.PlayerServer;
import dev.streamedge.player.config.CatalogEntry;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, in one JVM, from the config files in {@code config/demo/}: two packagers
 * on the same demo media, the player app, and one edge in front of them all ({@code /} to the player,
 * {@code /vod/}, {@code /live/} and {@code /files/} to the packagers). On first run it makes the demo media
 * with JavaCV (nothing is downloaded) and the signing key pair (the player signs with the private key, the
 * edge's key group holds the public one).
 *
 * <p>The files it reads: {@code packager-a.yaml}, {@code packager-b.yaml}, {@code player.yaml} (with the
 * users file it names) and {@code edge.yaml}, whose origins are called {@value #PACKAGER_A}, {@value
 * #PACKAGER_B} and {@value #PLAYER}. Every VOD asset of the player's catalog other than {@code sample} is made
 * as a short 640x360 test card.
 */
public final class Demo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  public static final String PACKAGER_A = "packager-a";
  public static final String PACKAGER_B = "packager-b";
  public static final String PLAYER = "player";
  /** Extra demo assets: 640x360, 25 fps, 20 s, a keyframe every 4 s, 800 kbit/s. */
  static final DemoMedia.AssetSpec SMALL_ASSET = new DemoMedia.AssetSpec(640, 360, 25, 20, 4, 800_000);

  private final List<AutoCloseable> running;
  private final Edge edge;
  private final PlayerServer player;
  private final List<RunningPackager> packagers;
  private final PlayerConfig playerConfig;

  private Demo(List<AutoCloseable> running, Edge edge, PlayerServer player, List<RunningPackager> packagers,
      PlayerConfig playerConfig) {
    this.running = running;
    this.edge = edge;
    this.player = player;
    this.packagers = packagers;
    this.playerConfig = playerConfig;
  }

  /** Starts everything on the configured ports. */
  public static Demo start(Path configDir) {
    return start(configDir, DemoOptions.defaults());
  }

  /**
   * Starts everything from the config files in {@code configDir}; stops what started on failure.
   *
   * @throws RuntimeException with a message naming the file and key at fault
   */
  public static Demo start(Path configDir, DemoOptions options) {
    Objects.requireNonNull(configDir, "configDir");
    Objects.requireNonNull(options, "options");
    Path dir = configDir.toAbsolutePath().normalize();
    boolean ephemeral = options.ephemeralPorts();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      PackagerConfig a = packagerConfig(dir.resolve("packager-a.yaml"), ephemeral);
      PackagerConfig b = packagerConfig(dir.resolve("packager-b.yaml"), ephemeral);
      PlayerConfig playerConfig = PlayerConfigLoader.load(dir.resolve("player.yaml"));
      if (ephemeral) {
        playerConfig = playerConfig.withListen(new InetSocketAddress("127.0.0.1", 0))
            .withPublicBaseUrl(Optional.empty());
      }
      ensureMedia(a, playerConfig);
      JsonNode edgeYaml = readYaml(dir.resolve("edge.yaml"));
      EdgeConfig probe = EdgeConfigLoader.parse(YAML.writeValueAsString(edgeYaml), dir);
      checkAgreement(probe, playerConfig);
      DemoKeys.ensure(playerConfig.signing().privateKeyFile(), publicKeyFile(edgeYaml, dir, playerConfig));
      if (probe.edge().tls() != null) {
        probe.edge().tls().certificates().forEach(c -> DemoCertificates.ensure(c.certFile(), c.keyFile()));
      }

      RunningPackager pa = Packager.start(a);
      started.add(pa);
      RunningPackager pb = Packager.start(b);
      started.add(pb);
      PlayerServer player = PlayerServer.start(playerConfig);
      started.add(player);
      EdgeConfig edgeConfig = ephemeral
          ? EdgeConfigLoader.parse(YAML.writeValueAsString(rewire(edgeYaml, Map.of(
              PACKAGER_A, pa.baseUri(), PACKAGER_B, pb.baseUri(), PLAYER, player.baseUri()))), dir)
          : EdgeConfigLoader.load(dir.resolve("edge.yaml"));
      Edge edge = Edge.start(edgeConfig);
      started.add(edge);
      Demo demo = new Demo(started, edge, player, List.of(pa, pb), playerConfig);
      log.info("demo running: edge {} -> player {}, {} {}, {} {}", demo.url(), player.baseUri(), PACKAGER_A,
          pa.baseUri(), PACKAGER_B, pb.baseUri());
      return demo;
    } catch (IOException e) {
      closeAll(started);
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  public Edge edge() {
    return edge;
  }

  public PlayerServer player() {
    return player;
  }

  /** Packager A and packager B, started. */
  public List<RunningPackager> packagers() {
    return packagers;
  }

  public PlayerConfig playerConfig() {
    return playerConfig;
  }

  /** The URL a person opens: the edge's public address (its actual port with ephemeral ports). */
  public URI url() {
    URI base = edge.config().distribution().publicBaseUrl();
    if (base != null && base.getPort() == edge.port()) {
      return base.resolve("/");
    }
    return URI.create("http://127.0.0.1:" + edge.port() + "/");
  }

  /** The edge's HTTPS address ({@code edge.listenTls}, self-signed demo certificate), if it has one. */
  public Optional<URI> httpsUrl() {
    return Optional.ofNullable(edge.tlsAddress()).map(a -> URI.create("https://localhost:" + a.getPort() + "/"));
  }

  @Override
  public void close() {
    closeAll(running);
  }

  /** Makes the packagers' demo media and every extra VOD asset the catalog lists. */
  private static void ensureMedia(PackagerConfig a, PlayerConfig player) {
    Path media = a.mediaDir().orElse(null);
    DemoMedia.ensure(media, a.filesDir().orElse(null));
    if (media == null) {
      return;
    }
    for (CatalogEntry e : player.entries(CatalogEntry.Kind.VOD)) {
      if (!e.id().equals(DemoMedia.SAMPLE_ASSET)) {
        try {
          DemoMedia.ensureAsset(media.resolve(e.id() + ".mp4"), SMALL_ASSET);
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot make the demo asset " + e.id() + ": " + ex.getMessage(), ex);
        }
      }
    }
  }

  /** The player signs for the edge only if both name the same key pair and the same public URL. */
  private static void checkAgreement(EdgeConfig edge, PlayerConfig player) {
    URI edgeBase = edge.distribution().publicBaseUrl();
    Optional<URI> playerBase = player.publicBaseUrl();
    if (edgeBase != null && playerBase.isPresent()
        && !edgeBase.resolve("/").equals(playerBase.get().resolve("/"))) {
      throw new IllegalStateException("player.yaml player.publicBaseUrl " + playerBase.get()
          + " differs from edge.yaml distribution.publicBaseUrl " + edgeBase + ": signed cookies would never match");
    }
  }

  /** The edge's public key file for the player's key pair id ({@code distribution.keyGroups[].publicKeys[]}). */
  private static Path publicKeyFile(JsonNode edgeYaml, Path dir, PlayerConfig player) {
    String id = player.signing().keyPairId();
    for (JsonNode g : edgeYaml.path("distribution").path("keyGroups")) {
      for (JsonNode k : g.path("publicKeys")) {
        if (id.equals(k.path("id").asText()) && k.path("pemFile").isTextual()) {
          return dir.resolve(k.path("pemFile").asText()).normalize();
        }
      }
    }
    throw new IllegalStateException("edge.yaml distribution.keyGroups has no public key with id " + id
        + " (player.yaml player.signing.keyPairId): the edge could not verify the player's cookies");
  }

  /**
   * A packager config; with ephemeral ports, the file's YAML with {@code listen: 127.0.0.1:0} and its folders
   * made absolute, read through a temporary copy (the packager reads config files only).
   */
  private static PackagerConfig packagerConfig(Path file, boolean ephemeral) throws IOException {
    if (!ephemeral) {
      return PackagerConfig.load(file);
    }
    JsonNode root = readYaml(file);
    if (!(root.get("packager") instanceof ObjectNode p)) {
      return PackagerConfig.load(file); // let the packager's loader explain what is wrong
    }
    p.put("listen", "127.0.0.1:0");
    Path base = file.toAbsolutePath().getParent();
    for (String key : List.of("mediaDir", "workDir", "filesDir")) {
      JsonNode v = p.get(key);
      if (v != null && v.isTextual()) {
        p.put(key, base.resolve(v.asText()).normalize().toString());
      }
    }
    Path tmp = Files.createTempFile("streamedge-demo-", "-" + file.getFileName());
    try {
      Files.writeString(tmp, YAML.writeValueAsString(root));
      return PackagerConfig.load(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The edge's YAML listening on free ports, with origins pointed at what actually started. */
  private static JsonNode rewire(JsonNode edgeYaml, Map<String, URI> origins) {
    JsonNode copy = edgeYaml.deepCopy();
    if (copy.get("edge") instanceof ObjectNode e) {
      e.put("listen", "127.0.0.1:0");
      if (e.has("listenTls")) {
        e.put("listenTls", "127.0.0.1:0");
      }
      if (e.has("adminListen")) {
        e.put("adminListen", "127.0.0.1:0");
      }
    }
    if (copy.get("distribution") instanceof ObjectNode d) {
      d.remove("publicBaseUrl");
      JsonNode list = d.get("origins");
      if (list != null && list.isArray()) {
        for (JsonNode o : list) {
          if (o instanceof ObjectNode origin && origin.hasNonNull("id") && origins.containsKey(origin.get("id").asText())) {
            origin.put("url", origins.get(origin.get("id").asText()).toString());
          }
        }
      }
    }
    return copy;
  }

  private static JsonNode readYaml(Path file) throws IOException {
    try {
      JsonNode n = YAML.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new IllegalStateException(file + ": expected a YAML mapping");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(file + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static void closeAll(List<AutoCloseable> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      try {
        list.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", list.get(i), e.toString());
      }
    }
  }
}
