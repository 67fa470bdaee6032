package dev.streamedge.packager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {
  @ParameterizedTest
  @CsvSource({"4s,4000", "500ms,500", "10m,600000", "1h,3600000", "1d,86400000", "2.5s,2500", " 4s ,4000", "0s,0", "4,4000", "0.5,500"})
  void durations(String text, long millis) {
    assertThat(ConfigValues.duration(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "s", "-4s", "4 seconds", "4sec", "", "4.0000001ms"})
  void badDurations(String text) {
    assertThat(ConfigValues.duration(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"800k,800000", "3M,3000000", "128000,128000", "1.5M,1500000", "96kbps,96000", "2g,2000000000"})
  void bitrates(String text, long bps) {
    assertThat(ConfigValues.bitrate(text)).hasValue(bps);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "0", "k", "-1k", "1.5", "800 kilo"})
  void badBitrates(String text) {
    assertThat(ConfigValues.bitrate(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1:9001,127.0.0.1,9001", "localhost:0,localhost,0", "[::1]:8080,::1,8080", "0.0.0.0:80,0.0.0.0,80", ":9001,0.0.0.0,9001"})
  void hostPorts(String text, String host, int port) {
    assertThat(HostPort.parse(text)).contains(new HostPort(host, port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9001", "host:", "host:x", "host:70000", "::1:80", ":"})
  void badHostPorts(String text) {
    assertThat(HostPort.parse(text)).isEmpty();
  }
}
