package dev.streamedge.perf.bench.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTemplateTest {
  @Test
  void fillsPlaceholdersAndLeavesNginxVariablesAlone() {
    ConfigTemplate t = new ConfigTemplate("t", "listen ${port}; proxy_cache_key $uri$slice_range; root ${dir};");
    assertThat(t.render(Map.of("port", "8080", "dir", "/tmp/$x")))
        .isEqualTo("listen 8080; proxy_cache_key $uri$slice_range; root /tmp/$x;");
  }

  @Test
  void aPlaceholderWithoutValueIsNamed() {
    assertThatThrownBy(() -> new ConfigTemplate("nginx.conf", "listen ${port};").render(Map.of()))
        .hasMessage("nginx.conf: no value for ${port}");
  }

  /** The shipped templates render with exactly the values their starters give. */
  @ParameterizedTest
  @ValueSource(strings = {"edge.yaml", "nginx.conf", "varnish.vcl"})
  void shippedTemplatesRender(String name) {
    Map<String, String> values = Map.ofEntries(Map.entry("port", "1"), Map.entry("dir", "/d"),
        Map.entry("filesOrigin", "127.0.0.1:2"), Map.entry("benchOrigin", "127.0.0.1:3"), Map.entry("user", ""),
        Map.entry("workers", "2"), Map.entry("filesHost", "127.0.0.1"), Map.entry("filesPort", "2"),
        Map.entry("benchHost", "127.0.0.1"), Map.entry("benchPort", "3"), Map.entry("tlsPort", "4"),
        Map.entry("tlsListen", "listen 127.0.0.1:4 ssl http2;"), Map.entry("certFile", "/d/c.pem"),
        Map.entry("keyFile", "/d/k.pem"));
    String text = ConfigTemplate.read(Path.of("conf", name)).render(values);
    assertThat(text).doesNotContain("${");
  }
}
