package dev.streamedge.packager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackagerConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path f = dir.resolve("packager.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void readsTheContractExample() throws IOException {
    PackagerConfig c = PackagerConfig.load(write("""
        packager:
          listen: 127.0.0.1:9001
          mediaDir: media            # VOD assets: <asset>.mp4
          workDir: data/packager-a
          filesDir: files            # served under /files/
          segmentDuration: 4s
          container: ts              # ts | fmp4
          renditions: [ { name: 720p, height: 720, videoBitrate: 3000k }, { name: 360p, height: 360, videoBitrate: 800k } ]
          live:
            - { name: test, source: "lavfi:testsrc2=size=1280x720:rate=30", window: 6, dvrWindow: 10m }
        """));
    assertThat(c.listen()).isEqualTo(new HostPort("127.0.0.1", 9001));
    assertThat(c.mediaDir()).contains(dir.resolve("media"));
    assertThat(c.workDir()).isEqualTo(dir.resolve("data/packager-a"));
    assertThat(c.filesDir()).contains(dir.resolve("files"));
    assertThat(c.segmentDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.container()).isEqualTo(Container.TS);
    assertThat(c.renditions()).containsExactly(
        new RenditionConfig("720p", 720, 3_000_000), new RenditionConfig("360p", 360, 800_000));
    assertThat(c.live()).hasSize(1);
    assertThat(c.live().get(0).window()).isEqualTo(6);
    assertThat(c.live().get(0).dvrWindow()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void defaults() throws IOException {
    PackagerConfig c = PackagerConfig.load(write("packager: { listen: '127.0.0.1:0' }\n"));
    assertThat(c.segmentDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.container()).isEqualTo(Container.TS);
    assertThat(c.mediaDir()).isEmpty();
    assertThat(c.filesDir()).isEmpty();
    assertThat(c.workDir()).isEqualTo(dir.resolve("data/packager"));
    assertThat(c.liveEpoch()).isEqualTo(PackagerConfig.DEFAULT_LIVE_EPOCH);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "segmentDuration: x | packager.segmentDuration: expected a duration like 4s, 500ms or 10m, got 'x'",
      "segmentDuration: 4 minutes | packager.segmentDuration: expected a duration like 4s",
      "segmentDuration: 45s | packager.segmentDuration: expected whole milliseconds between 1s and 30s, got 45s",
      "listen: nowhere | packager.listen: expected host:port, got 'nowhere'",
      "container: mkv | packager.container: expected ts or fmp4, got 'mkv'",
      "segmentDurtion: 4s | packager.segmentDurtion: unknown key",
      "renditions: [ { name: 360p, height: 361, videoBitrate: 800k } ] | packager.renditions[0].height: expected an even number",
      "renditions: [ { name: 360p, height: 360, videoBitrate: fast } ] | packager.renditions[0].videoBitrate: expected a bitrate like 800k",
      "renditions: [ { name: 360p, height: 360 } ] | packager.renditions[0].videoBitrate: missing",
      "renditions: [ { name: '../x', height: 360, videoBitrate: 1M } ] | packager.renditions[0].name: expected a name",
      "renditions: [ { name: source, height: 360, videoBitrate: 1M } ] | packager.renditions[0].name: 'source' is reserved",
      "live: [ { name: t, source: 'synthetic:', window: 2 } ] | packager.live[0].window: expected 3..1000 segments",
      "live: [ { name: t, source: 'synthetic:', window: 6, dvrWindow: 20s } ] | packager.live[0].dvrWindow: must be at least (window + 1) x segmentDuration = 28s, got 20s",
      "live: [ { name: t, source: 'synthetic:', renditions: [nope] } ] | packager.live[0].renditions: unknown rendition 'nope'",
      "live: [ { name: t } ] | packager.live[0].source: missing",
      "liveEpoch: yesterday | packager.liveEpoch: expected an ISO-8601 instant",
      "zeroCopy: maybe | packager.zeroCopy: expected true or false",
      "workerThreads: 0 | packager.workerThreads: expected 1..256, got 0",
  })
  void badConfigNamesTheKey(String line, String expected) throws IOException {
    Path f = write("packager:\n  listen: 127.0.0.1:0\n  " + line + "\n");
    assertThatThrownBy(() -> PackagerConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  void missingSectionAndFile() throws IOException {
    Path f = write("edge: {}\n");
    assertThatThrownBy(() -> PackagerConfig.load(f)).hasMessageStartingWith("packager: missing");
    assertThatThrownBy(() -> PackagerConfig.load(dir.resolve("nope.yaml"))).hasMessageStartingWith("config: file not found");
    Path bad = write("packager: [\n");
    assertThatThrownBy(() -> PackagerConfig.load(bad)).hasMessageStartingWith("config: not valid YAML");
  }

  @Test
  void perAssetContainer() {
    PackagerConfig c = PackagerConfig.builder().listen("127.0.0.1:0").workDir(dir)
        .asset(new AssetConfig("sample", Container.FMP4)).build();
    assertThat(c.containerOf("sample")).isEqualTo(Container.FMP4);
    assertThat(c.containerOf("other")).isEqualTo(Container.TS);
  }
}
