package dev.streamedge.player.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicOriginTest {
  @ParameterizedTest(name = "proto={0} xfh={1} host={2} -> {3}")
  @CsvSource(nullValues = "null", value = {
      "null,  null,                 127.0.0.1:9100,     http://127.0.0.1:9100",
      "http,  localhost:8080,       127.0.0.1:9100,     http://localhost:8080",
      "https, video.example.com,    127.0.0.1:9100,     https://video.example.com",
      "HTTPS, Video.Example.COM,    x,                  https://video.example.com",
      "'https, http', 'a.example, b.example', x,       https://a.example",
      "http,  '[::1]:8080',         x,                  http://[::1]:8080",
      "ftp,   a.example,            x,                  null",
      "http,  'evil\"/*',           x,                  null",
      "http,  'a.example/path',     x,                  null",
      "null,  null,                 null,               null",
      "http,  null,                 'a b',              null",
      "http,  a.example:99999999,   x,                  null",
  })
  void derivesTheViewersOrigin(String proto, String forwardedHost, String host, String expected) {
    assertThat(PublicOrigin.ofRequest(proto, forwardedHost, host).map(PublicOrigin::url).orElse(null))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"http://localhost:8080, http://localhost:8080, false", "HTTPS://cdn.example.com, https://cdn.example.com, true"})
  void fromTheConfiguredBase(String base, String url, boolean https) {
    PublicOrigin o = PublicOrigin.of(URI.create(base));
    assertThat(o.url()).isEqualTo(url);
    assertThat(o.https()).isEqualTo(https);
  }
}
