package dev.streamedge.packager.vod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.FfmpegCli;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.AssetConfig;
import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.config.RenditionConfig;
import dev.streamedge.packager.demo.DemoMedia;
import dev.streamedge.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VOD end to end with real FFmpeg: two small generated assets (MPEG-TS with a 2 s GOP, fMP4 with a 4 s
 * GOP), a 180p rung transcoded in the background, every rendition decoded by the ffmpeg CLI.
 */
class VodIT {
  static final double FRAME = 1.0 / 25;
  @TempDir static Path dir;
  static RunningPackager a;
  static RunningPackager b;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    Path media = Files.createDirectories(dir.resolve("media"));
    DemoMedia.ensureAsset(media.resolve("clip.mp4"), new DemoMedia.AssetSpec(320, 240, 25, 10, 2, 400_000));
    DemoMedia.ensureAsset(media.resolve("frag.mp4"), new DemoMedia.AssetSpec(320, 240, 25, 10, 4, 400_000));
    a = Packager.start(config("a", media));
    b = Packager.start(config("b", media));
    for (RunningPackager p : List.of(a, b)) {
      Await.until(Duration.ofSeconds(90), () -> ladderReady(p), "renditions transcoded on " + p.baseUri());
    }
  }

  static PackagerConfig config(String name, Path media) {
    return PackagerConfig.builder().name(name).listen("127.0.0.1:0").mediaDir(media).workDir(dir.resolve("work-" + name))
        .rendition(new RenditionConfig("180p", 180, 200_000)).rendition(new RenditionConfig("480p", 480, 1_000_000))
        .asset(new AssetConfig("frag", Container.FMP4)).build();
  }

  static boolean ladderReady(RunningPackager p) {
    try {
      String s = text(p, "/status");
      // Both assets present and no rendition still pending or transcoding.
      return s.contains("\"clip\"") && s.contains("\"frag\"") && !s.contains("PENDING") && !s.contains("TRANSCODING");
    } catch (Exception e) {
      return false;
    }
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  static HttpResponse<byte[]> get(RunningPackager p, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(p.baseUri() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(RunningPackager p, String path) throws Exception {
    return new String(get(p, path).body(), StandardCharsets.UTF_8);
  }

  @Test
  void masterListsSourceAndTranscodedRungButNoUpscale() throws Exception {
    HttpResponse<byte[]> r = get(a, "/vod/clip/master.m3u8");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/vnd.apple.mpegurl");
    assertThat(r.headers().firstValue("Cache-Control")).contains(VodCatalog.PLAYLIST_CACHE);
    String m = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(m).startsWith("#EXTM3U\n").contains("#EXT-X-INDEPENDENT-SEGMENTS")
        .contains("RESOLUTION=320x240,FRAME-RATE=25.000,CODECS=\"avc1.42c0").contains(",mp4a.40.2\"\nsource/index.m3u8")
        .contains("RESOLUTION=240x180").contains("180p/index.m3u8").doesNotContain("480p");
    assertThat(m.indexOf("source/index.m3u8")).isLessThan(m.indexOf("180p/index.m3u8"));
    assertThat(text(a, "/status")).contains("\"SKIPPED\"").contains("not lower than the source");
  }

  @ParameterizedTest
  @CsvSource({"clip,source", "clip,180p", "frag,source", "frag,180p"})
  void everyRenditionDecodesCleanlyWithExactDurations(String asset, String rendition) throws Exception {
    String url = a.baseUri() + "/vod/" + asset + "/" + rendition + "/index.m3u8";
    String playlist = text(a, "/vod/" + asset + "/" + rendition + "/index.m3u8");
    assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:VOD").contains("#EXT-X-TARGETDURATION:4")
        .contains("#EXT-X-INDEPENDENT-SEGMENTS").endsWith("#EXT-X-ENDLIST\n");
    List<Double> extinf = playlist.lines().filter(l -> l.startsWith("#EXTINF:"))
        .map(l -> Double.parseDouble(l.substring(8, l.length() - 1))).toList();
    assertThat(extinf).containsExactly(4.0, 4.0, 2.0);
    if (asset.equals("frag")) {
      assertThat(playlist).contains("#EXT-X-VERSION:6").contains("#EXT-X-MAP:URI=\"init.mp4\"").contains("0.m4s");
    } else {
      assertThat(playlist).contains("#EXT-X-VERSION:3").contains("0.ts").doesNotContain("EXT-X-MAP");
    }
    assertThat(FfmpegCli.decodeErrors(url)).isEmpty();
    double total = extinf.stream().mapToDouble(Double::doubleValue).sum();
    assertThat(FfmpegCli.duration(url)).isCloseTo(total, org.assertj.core.data.Offset.offset(FRAME));
  }

  @ParameterizedTest
  @CsvSource({"clip,source,ts", "clip,180p,ts", "frag,source,m4s", "frag,180p,m4s"})
  void timestampsAreContinuousAcrossSegments(String asset, String rendition, String ext) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    if (ext.equals("m4s")) {
      all.write(get(a, "/vod/" + asset + "/" + rendition + "/init.mp4").body());
    }
    for (int n = 0; n < 3; n++) {
      HttpResponse<byte[]> seg = get(a, "/vod/" + asset + "/" + rendition + "/" + n + "." + ext);
      assertThat(seg.statusCode()).isEqualTo(200);
      all.write(seg.body());
    }
    Path joined = dir.resolve(asset + "-" + rendition + "." + (ext.equals("m4s") ? "mp4" : "ts"));
    Files.write(joined, all.toByteArray());
    assertThat(FfmpegCli.decodeErrors(joined.toString())).isEmpty();
    Map<String, List<FfmpegCli.Packet>> byType = FfmpegCli.packets(joined.toString()).stream()
        .collect(Collectors.groupingBy(FfmpegCli.Packet::type));
    List<FfmpegCli.Packet> video = byType.get("video");
    assertThat(video).hasSize(250);
    List<Long> steps = new ArrayList<>();
    for (int i = 1; i < video.size(); i++) {
      steps.add(video.get(i).dts() - video.get(i - 1).dts());
    }
    assertThat(steps.stream().distinct().toList()).as("one constant frame step, no gap or overlap").hasSize(1);
    List<FfmpegCli.Packet> audio = byType.get("audio");
    List<Long> audioSteps = new ArrayList<>();
    for (int i = 1; i < audio.size(); i++) {
      audioSteps.add(audio.get(i).pts() - audio.get(i - 1).pts());
    }
    assertThat(audioSteps.stream().distinct().toList()).as("audio continuous").hasSize(1);
    // Segment starts are keyframes at 0, 4 and 8 s.
    assertThat(video.stream().filter(FfmpegCli.Packet::key).map(p -> Math.round(p.ptsTime() * 1000)).toList())
        .contains(0L, 4000L, 8000L);
  }

  @Test
  void segmentsAreImmutableAndIdenticalOnBothPackagers() throws Exception {
    for (String path : List.of("/vod/clip/source/1.ts", "/vod/clip/180p/2.ts", "/vod/frag/source/0.m4s",
        "/vod/frag/180p/init.mp4", "/vod/clip/source/index.m3u8", "/vod/frag/master.m3u8")) {
      HttpResponse<byte[]> ra = get(a, path);
      HttpResponse<byte[]> rb = get(b, path);
      assertThat(ra.statusCode()).as(path).isEqualTo(200);
      assertThat(ra.body()).as(path).isEqualTo(rb.body());
      assertThat(ra.headers().firstValue("ETag")).as(path).isEqualTo(rb.headers().firstValue("ETag"));
      assertThat(ra.headers().firstValue("Last-Modified")).isPresent();
      if (!path.endsWith(".m3u8")) {
        assertThat(ra.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
      }
    }
    HttpResponse<byte[]> ranged = http.send(HttpRequest.newBuilder(URI.create(a.baseUri() + "/vod/clip/source/1.ts"))
        .header("Range", "bytes=188-375").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.body()).hasSize(188);
    assertThat(ranged.body()[0]).isEqualTo((byte) 0x47);
  }

  @ParameterizedTest
  @CsvSource({
      "/vod/nope/master.m3u8", "/vod/clip/720p/index.m3u8", "/vod/clip/480p/index.m3u8", "/vod/clip/source/3.ts",
      "/vod/clip/source/0.m4s", "/vod/clip/source/init.mp4", "/vod/clip/source/01.ts", "/vod/../clip/master.m3u8",
      "/vod/clip/master.m3u8x", "/vod/clip"})
  void unknownResourcesAre404(String path) throws Exception {
    assertThat(get(a, path).statusCode()).as(path).isEqualTo(404);
  }

  @Test
  void indexIsCachedInTheWorkFolder() {
    assertThat(dir.resolve("work-a/vod/clip/source.index.json")).isRegularFile();
    assertThat(dir.resolve("work-a/vod/clip/180p.index.json")).isRegularFile();
    assertThat(dir.resolve("work-a/vod/clip/180p.mp4")).isRegularFile();
  }
}
