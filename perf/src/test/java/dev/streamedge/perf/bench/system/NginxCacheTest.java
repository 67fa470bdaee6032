package dev.streamedge.perf.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NginxCacheTest {
  /** {@code nginx -v} output → the HTTPS listener with HTTP/2 in that version's syntax. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nginx version: nginx/1.22.1                  | listen 127.0.0.1:8443 ssl http2;",
      "nginx version: nginx/1.25.0                  | listen 127.0.0.1:8443 ssl http2;",
      "nginx version: nginx/1.25.1                  | listen 127.0.0.1:8443 ssl;\\n    http2 on;",
      "nginx version: nginx/1.26.3 (Ubuntu)         | listen 127.0.0.1:8443 ssl;\\n    http2 on;",
      "nginx version: nginx/1.100.0                 | listen 127.0.0.1:8443 ssl;\\n    http2 on;",
      "nginx version: openresty/1.21.4.1            | listen 127.0.0.1:8443 ssl http2;",
  })
  void tlsListenFollowsTheVersion(String version, String expected) {
    assertThat(NginxCache.tlsListen(version, 8443)).isEqualTo(expected.replace("\\n", "\n"));
  }
}
