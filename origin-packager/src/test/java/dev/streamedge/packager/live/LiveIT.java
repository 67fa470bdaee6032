package dev.streamedge.packager.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.FfmpegCli;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.config.LiveChannelConfig;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.config.RenditionConfig;
import dev.streamedge.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live channels in step: packager A starts, packager B (same JVM) and C (a separate JVM, started from
 * the command line) join seconds later; all serve byte-identical playlists and segments, and segments
 * taken from different packagers play as one stream. 1 s segments keep the test short.
 */
class LiveIT {
  @TempDir static Path dir;
  static RunningPackager a;
  static RunningPackager b;
  static Process c;
  static URI cBase;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static PackagerConfig config(String name) {
    return PackagerConfig.builder().name(name).listen("127.0.0.1:0").workDir(dir.resolve("work-" + name))
        .segmentDuration(Duration.ofSeconds(1))
        .rendition(new RenditionConfig("small", 60, 100_000))
        .live(new LiveChannelConfig("clock", "synthetic:size=160x90:rate=10", 4, Duration.ofSeconds(30), 300_000,
            64_000, List.of("small"), 0))
        .live(new LiveChannelConfig("bars", "lavfi:testsrc2=size=160x90:rate=10[out0];sine=frequency=440:sample_rate=48000[out1]",
            3, Duration.ofSeconds(30), 300_000, 64_000, List.of(), 0))
        .build();
  }

  @BeforeAll
  static void start() throws Exception {
    a = Packager.start(config("a"));
    waitForSegments(a.baseUri(), "clock", 4);
    b = Packager.start(config("b"));
    Path yaml = dir.resolve("c.yaml");
    Files.writeString(yaml, """
        packager:
          name: c
          listen: 127.0.0.1:0
          workDir: work-c
          segmentDuration: 1s
          renditions: [ { name: small, height: 60, videoBitrate: 100k } ]
          live:
            - { name: clock, source: "synthetic:size=160x90:rate=10", window: 4, dvrWindow: 30s, videoBitrate: 300k, audioBitrate: 64k, renditions: [small] }
        """);
    c = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml",
        "dev.streamedge.packager.PackagerCommand", "--config",
        yaml.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("c.log").toFile()).start();
    Await.until(Duration.ofSeconds(60), () -> cBase() != null, "packager C to log its address");
    cBase = cBase();
    waitForSegments(b.baseUri(), "clock", 4);
    waitForSegments(cBase, "clock", 4);
  }

  static URI cBase() {
    try {
      Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(Files.readString(dir.resolve("c.log")));
      return m.find() ? URI.create(m.group(1)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  static void waitForSegments(URI base, String channel, int count) {
    Await.until(Duration.ofSeconds(60), () -> {
      try {
        return segments(text(base, "/live/" + channel + "/source/index.m3u8")).size() >= count;
      } catch (Exception e) {
        return false;
      }
    }, count + " segments of " + channel + " on " + base);
  }

  @AfterAll
  static void stop() throws Exception {
    if (c != null) {
      c.destroy();
      c.waitFor(20, TimeUnit.SECONDS);
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  static HttpResponse<byte[]> get(URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(URI base, String path) throws Exception {
    return new String(get(base, path).body(), StandardCharsets.UTF_8);
  }

  static List<String> segments(String playlist) {
    return playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  /** The same playlist from several packagers at one instant: retried when a segment boundary falls between reads. */
  static List<String> simultaneous(String path, URI... bases) throws Exception {
    for (int attempt = 0; attempt < 20; attempt++) {
      String first = text(bases[0], path);
      List<String> all = new ArrayList<>();
      all.add(first);
      for (int i = 1; i < bases.length; i++) {
        all.add(text(bases[i], path));
      }
      if (first.equals(text(bases[0], path))) {
        return all;
      }
    }
    throw new AssertionError("playlist kept changing while read");
  }

  @Test
  void playlistsAreByteIdenticalAcrossPackagersAndProcesses() throws Exception {
    for (String rendition : List.of("source", "small")) {
      List<String> p = simultaneous("/live/clock/" + rendition + "/index.m3u8", a.baseUri(), b.baseUri(), cBase);
      assertThat(p.get(1)).as("B joined later").isEqualTo(p.get(0));
      assertThat(p.get(2)).as("C is another JVM").isEqualTo(p.get(0));
      assertThat(p.get(0)).contains("#EXT-X-PROGRAM-DATE-TIME:").contains("#EXT-X-TARGETDURATION:1");
      assertThat(segments(p.get(0))).hasSize(4);
    }
    assertThat(text(a.baseUri(), "/live/clock/master.m3u8")).isEqualTo(text(cBase, "/live/clock/master.m3u8"));
  }

  @Test
  void segmentsAreByteIdenticalAcrossPackagersAndProcesses() throws Exception {
    String playlist = text(a.baseUri(), "/live/clock/source/index.m3u8");
    for (String seg : segments(playlist)) {
      HttpResponse<byte[]> ra = get(a.baseUri(), "/live/clock/source/" + seg);
      HttpResponse<byte[]> rb = get(b.baseUri(), "/live/clock/source/" + seg);
      HttpResponse<byte[]> rc = get(cBase, "/live/clock/source/" + seg);
      assertThat(ra.statusCode()).isEqualTo(200);
      assertThat(rb.body()).as("B " + seg).isEqualTo(ra.body());
      assertThat(rc.body()).as("C " + seg).isEqualTo(ra.body());
      assertThat(rc.headers().firstValue("ETag")).isEqualTo(ra.headers().firstValue("ETag"));
      assertThat(ra.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
    }
  }

  @Test
  void segmentsFromDifferentPackagersPlayAsOneStream() throws Exception {
    List<String> segs = segments(text(a.baseUri(), "/live/clock/source/index.m3u8"));
    URI[] from = {a.baseUri(), cBase, b.baseUri(), cBase};
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < segs.size(); i++) {
      all.write(get(from[i % from.length], "/live/clock/source/" + segs.get(i)).body());
    }
    Path joined = dir.resolve("mixed.ts");
    Files.write(joined, all.toByteArray());
    assertThat(FfmpegCli.decodeErrors(joined.toString())).isEmpty();
    assertContinuous(joined, 10 * segs.size());
  }

  static void assertContinuous(Path file, int frames) throws Exception {
    Map<String, List<FfmpegCli.Packet>> byType = FfmpegCli.packets(file.toString()).stream()
        .collect(Collectors.groupingBy(FfmpegCli.Packet::type));
    List<FfmpegCli.Packet> v = byType.get("video");
    assertThat(v).hasSize(frames);
    for (int i = 1; i < v.size(); i++) {
      assertThat(v.get(i).pts() - v.get(i - 1).pts()).as("video step at " + i).isEqualTo(v.get(1).pts() - v.get(0).pts());
    }
    List<FfmpegCli.Packet> au = byType.get("audio");
    for (int i = 1; i < au.size(); i++) {
      assertThat(au.get(i).pts() - au.get(i - 1).pts()).as("audio step at " + i).isEqualTo(au.get(1).pts() - au.get(0).pts());
    }
  }

  @Test
  void liveUrlDecodesWithFfmpeg() throws Exception {
    FfmpegCli.Run r = FfmpegCli.run("ffmpeg", "-nostdin", "-v", "error", "-i", a.baseUri() + "/live/clock/master.m3u8",
        "-map", "0", "-t", "3", "-f", "null", "-");
    assertThat(r.exit()).isZero();
    assertThat(r.stderr().trim()).isEmpty();
  }

  @Test
  void cacheHeadersAndNotYetPublishedSegments() throws Exception {
    HttpResponse<byte[]> p = get(a.baseUri(), "/live/clock/source/index.m3u8");
    assertThat(p.headers().firstValue("Cache-Control")).contains("public, max-age=1");
    List<String> segs = segments(new String(p.body(), StandardCharsets.UTF_8));
    long newest = Long.parseLong(segs.get(segs.size() - 1).replace(".ts", ""));
    HttpResponse<byte[]> future = get(a.baseUri(), "/live/clock/source/" + (newest + 5) + ".ts");
    assertThat(future.statusCode()).isEqualTo(404);
    assertThat(future.headers().firstValue("Cache-Control")).contains("public, max-age=1");
    assertThat(get(a.baseUri(), "/live/clock/source/" + (newest - 1000) + ".ts").statusCode()).isEqualTo(404);
    assertThat(get(a.baseUri(), "/live/nope/master.m3u8").statusCode()).isEqualTo(404);
    assertThat(get(a.baseUri(), "/live/clock/source/" + newest + ".m4s").statusCode()).isEqualTo(404);
  }

  @Test
  void lavfiChannelIsInStepButNotIdentical() throws Exception {
    waitForSegments(a.baseUri(), "bars", 2);
    waitForSegments(b.baseUri(), "bars", 2);
    String pa = text(a.baseUri(), "/live/bars/source/index.m3u8");
    String seg = segments(pa).get(segments(pa).size() - 1);
    Await.until(Duration.ofSeconds(10), () -> {
      try {
        return get(b.baseUri(), "/live/bars/source/" + seg).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    }, "segment " + seg + " on B");
    Path joined = dir.resolve("bars.ts");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    long n = Long.parseLong(seg.replace(".ts", ""));
    all.write(get(a.baseUri(), "/live/bars/source/" + (n - 1) + ".ts").body());
    all.write(get(b.baseUri(), "/live/bars/source/" + n + ".ts").body());
    Files.write(joined, all.toByteArray());
    assertThat(FfmpegCli.decodeErrors(joined.toString())).isEmpty();
    assertContinuous(joined, 20);
  }

  @Test
  void fmp4LiveChannel() throws Exception {
    PackagerConfig cfg = PackagerConfig.builder().name("f").listen("127.0.0.1:0").workDir(dir.resolve("work-f"))
        .segmentDuration(Duration.ofSeconds(1)).container(Container.FMP4)
        .live(new LiveChannelConfig("clock", "synthetic:size=160x90:rate=10", 3, Duration.ofSeconds(30), 300_000,
            64_000, List.of(), 0)).build();
    try (RunningPackager f = Packager.start(cfg)) {
      waitForSegments(f.baseUri(), "clock", 3);
      String playlist = text(f.baseUri(), "/live/clock/source/index.m3u8");
      assertThat(playlist).contains("#EXT-X-MAP:URI=\"init.mp4\"").contains(".m4s");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(get(f.baseUri(), "/live/clock/source/init.mp4").body());
      for (String s : segments(playlist)) {
        all.write(get(f.baseUri(), "/live/clock/source/" + s).body());
      }
      Path joined = dir.resolve("live-fmp4.mp4");
      Files.write(joined, all.toByteArray());
      assertThat(FfmpegCli.decodeErrors(joined.toString())).isEmpty();
      // the same segments as the TS channel would have, in another container: same frame count
      assertThat(FfmpegCli.packets(joined.toString()).stream().filter(p -> p.type().equals("video")).count())
          .isEqualTo(30);
    }
  }
}
