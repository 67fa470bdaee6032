package dev.streamedge.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/streamedge");

  static final String ISSUE_EXAMPLE = """
      edge:
        name: edge-1                     # shown in X-Cache / Via / logs
        listen: 127.0.0.1:8080
        adminListen: 127.0.0.1:8081      # admin API, metrics, health
        cache: { dir: data/edge-1, maxSize: 10GiB }
      distribution:
        publicBaseUrl: http://localhost:8080   # the distribution's domain, used by signed policies
        origins:
          - { id: files, url: http://127.0.0.1:9001, connectTimeout: 2s, connectionAttempts: 3, readTimeout: 30s }
        defaultCacheBehavior: { targetOriginId: files, minTtl: 0, defaultTtl: 86400, maxTtl: 31536000 }
        cacheBehaviors:
          - { pathPattern: "/videos/*", targetOriginId: files }
      """;

  @Test
  void readsTheDocumentedExample() {
    EdgeConfig c = EdgeConfigLoader.parse(ISSUE_EXAMPLE, BASE);
    assertThat(c.edge().name()).isEqualTo("edge-1");
    assertThat(c.edge().listen().getPort()).isEqualTo(8080);
    assertThat(c.edge().adminListen().getPort()).isEqualTo(8081);
    assertThat(c.edge().cache().dir()).isEqualTo(Path.of("/etc/streamedge/data/edge-1"));
    assertThat(c.edge().cache().maxSize()).isEqualTo(10L << 30);
    assertThat(c.distribution().publicBaseUrl().toString()).isEqualTo("http://localhost:8080");
    Origin o = c.distribution().origins().get(0);
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.connectionAttempts()).isEqualTo(3);
    assertThat(o.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.hostHeader()).isEqualTo("127.0.0.1:9001");
    assertThat(c.distribution().defaultCacheBehavior().defaultTtl()).isEqualTo(86400);
    assertThat(c.distribution().cacheBehaviors().get(0).pathPattern()).isEqualTo("/videos/*");
    assertThat(c.distribution().cacheBehaviors().get(0).allowedMethods()).containsExactly("GET", "HEAD");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "listen: 127.0.0.1:8080|edge.listen: expected host:port",
      "cacheBehaviours: []|distribution.cacheBehaviours: unknown key (did you mean 'cacheBehaviors'?)",
      "targetOriginId: nope|distribution.defaultCacheBehavior.targetOriginId: no origin or origin group with id 'nope'",
      "connectTimeout: 2s|distribution.origins[0].connectTimeout: expected a duration",
      "url: http://127.0.0.1:9001|distribution.origins[0].url: must be an http:// or https:// URL",
      "minTtl: 0|distribution.defaultCacheBehavior.defaultTtl: must be >= minTtl",
      "maxSize: 10GiB|edge.cache.maxSize: expected a size",
      "pathPattern: \"/videos/*\"|distribution.cacheBehaviors[0].pathPattern: contains a space",
  })
  void badConfigNamesTheKey(String replace, String expected) {
    String broken = switch (replace) {
      case "listen: 127.0.0.1:8080" -> ISSUE_EXAMPLE.replace(replace, "listen: localhost");
      case "cacheBehaviours: []" -> ISSUE_EXAMPLE.replace("  cacheBehaviors:", "  cacheBehaviours:");
      case "targetOriginId: nope" -> ISSUE_EXAMPLE.replace("{ targetOriginId: files, minTtl", "{ targetOriginId: nope, minTtl");
      case "connectTimeout: 2s" -> ISSUE_EXAMPLE.replace(replace, "connectTimeout: soon");
      case "url: http://127.0.0.1:9001" -> ISSUE_EXAMPLE.replace(replace, "url: ftp://127.0.0.1:9001");
      case "minTtl: 0" -> ISSUE_EXAMPLE.replace(replace, "minTtl: 100000");
      case "maxSize: 10GiB" -> ISSUE_EXAMPLE.replace(replace, "maxSize: lots");
      default -> ISSUE_EXAMPLE.replace(replace, "pathPattern: \"/videos/ *\"");
    };
    assertThatThrownBy(() -> EdgeConfigLoader.parse(broken, BASE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void theMemoryTierIsSizedAutomaticallyOrAsConfigured() {
    EdgeSettings.CacheSettings auto = EdgeConfigLoader.parse(ISSUE_EXAMPLE, BASE).edge().cache();
    assertThat(auto.memoryMaxSize()).isEqualTo(-1);
    assertThat(auto.memoryMaxObjectSize()).isEqualTo(8L << 20);
    assertThat(auto.memoryBytes(1L << 30)).as("a quarter of the direct memory").isEqualTo(256L << 20);
    assertThat(auto.memoryBytes(16L << 30)).as("at most 1 GiB").isEqualTo(1L << 30);

    String sized = ISSUE_EXAMPLE.replace("cache: { dir: data/edge-1, maxSize: 10GiB }",
        "cache: { dir: data/edge-1, maxSize: 10GiB, memory: { maxSize: 64MiB, maxObjectSize: 2MiB } }");
    EdgeSettings.CacheSettings c = EdgeConfigLoader.parse(sized, BASE).edge().cache();
    assertThat(c.memoryBytes(1L << 30)).isEqualTo(64L << 20);
    assertThat(c.memoryMaxObjectSize()).isEqualTo(2L << 20);
    assertThat(EdgeConfigLoader.parse(sized.replace("64MiB", "auto"), BASE).edge().cache().memoryMaxSize()).isEqualTo(-1);
    assertThat(EdgeConfigLoader.parse(sized.replace("64MiB", "0"), BASE).edge().cache().memoryBytes(1L << 30)).isZero();

    assertThatThrownBy(() -> EdgeConfigLoader.parse(sized.replace("64MiB", "plenty"), BASE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("edge.cache.memory.maxSize: expected a size");
    assertThatThrownBy(() -> EdgeConfigLoader.parse(sized.replace("maxObjectSize: 2MiB", "maxObjectSize: 2GiB"), BASE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("edge.cache.memory.maxObjectSize: must be between");
    assertThatThrownBy(() -> EdgeConfigLoader.parse(sized.replace("maxObjectSize", "maxObjectSise"), BASE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("edge.cache.memory.maxObjectSise: unknown key");
  }

  @Test
  void cachePolicyInCloudFrontVocabulary() {
    EdgeConfig c = EdgeConfigLoader.parse(ISSUE_EXAMPLE.replace(
        "- { pathPattern: \"/videos/*\", targetOriginId: files }",
        "- { pathPattern: \"/videos/*\", targetOriginId: files, cachePolicy: { queryStrings: { behavior: allowList, items: [v] } } }"),
        BASE);
    assertThat(c.distribution().cacheBehaviors().get(0).cachePolicy().queryStrings().items()).containsExactly("v");
    assertThatThrownBy(() -> EdgeConfigLoader.parse(ISSUE_EXAMPLE.replace(
        "- { pathPattern: \"/videos/*\", targetOriginId: files }",
        "- { pathPattern: \"/videos/*\", targetOriginId: files, cachePolicy: { headers: { behavior: all } } }"), BASE))
        .hasMessageContaining("distribution.cacheBehaviors[0].cachePolicy");
    assertThatThrownBy(() -> EdgeConfigLoader.parse(ISSUE_EXAMPLE.replace(
        "- { pathPattern: \"/videos/*\", targetOriginId: files }",
        "- { pathPattern: \"/videos/*\", targetOriginId: files, cachePolicy: { cookies: { behavior: some } } }"), BASE))
        .hasMessageContaining("distribution.cacheBehaviors[0].cachePolicy.cookies.behavior: must be none, all, allowList or allExcept");
  }

  @Test
  void missingSectionsAndYamlErrorsAreClear() {
    assertThatThrownBy(() -> EdgeConfigLoader.parse("edge: {}\n", BASE))
        .hasMessage("distribution: is required");
    assertThatThrownBy(() -> EdgeConfigLoader.parse("edge: [\n", BASE))
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> EdgeConfigLoader.load(Path.of("/nonexistent/edge.yaml")))
        .hasMessageContaining("config file not found");
  }

  @Test
  void unitsParse() {
    assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Units.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(Units.parseSize("64KiB")).isEqualTo(65536);
    assertThat(Units.parseSize("20GB")).isEqualTo(20_000_000_000L);
    assertThat(Units.parseSize("4 MiB")).isEqualTo(4L << 20);
    assertThat(Units.parseHostPort(":8080").getPort()).isEqualTo(8080);
    assertThat(Units.parseHostPort("[::1]:80").getHostString()).isEqualTo("::1");
  }
}
