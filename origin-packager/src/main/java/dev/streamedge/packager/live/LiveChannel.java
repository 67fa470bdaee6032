package dev.streamedge.packager.live;

import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.config.LiveChannelConfig;
import dev.streamedge.packager.config.RenditionConfig;
import dev.streamedge.packager.hls.MasterPlaylist;
import dev.streamedge.packager.hls.MediaPlaylist;
import dev.streamedge.packager.hls.PlaylistWriter;
import dev.streamedge.packager.hls.Variant;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.http.Representation;
import dev.streamedge.packager.media.EncodeSpec;
import dev.streamedge.packager.media.LiveCapture;
import dev.streamedge.packager.media.MediaEncoder;
import dev.streamedge.packager.media.MediaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live channel. Segments are files {@code <workDir>/live/<channel>/<rendition>/<n>.<ts|m4s>} written
 * atomically, made by one of two runners:
 *
 * <ul>
 *   <li>synthetic source: segment {@code n} is rendered and encoded as a pure function of {@code n}
 *       (fresh encoders per segment, AAC pre-roll from the same pure sound), during the segment's own
 *       time, so it is ready when it ends. At start the recent window is back-filled, and any segment of
 *       the DVR range can be made on request: a packager that starts late serves the same full window
 *       at once, byte for byte.
 *   <li>FFmpeg source: the latest source picture is sampled at each frame time of the timeline and
 *       encoded in real time; the segment is complete at its end. A late packager lists what it has
 *       made since it started (same numbers and times as its peer).
 * </ul>
 *
 * Segments older than the DVR depth are deleted. Requests for segments after the newest published one
 * answer 404 with a one-second max-age.
 */
public final class LiveChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveChannel.class);
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
  static final String NOT_YET_CACHE = "public, max-age=1";

  private final LiveChannelConfig config;
  private final SourceSpec source;
  private final List<RenditionConfig> ladder;
  private final Container container;
  private final Duration segmentDuration;
  private final Duration publishDelay;
  private final Instant epoch;
  private final Path dir;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<Path>> making = new ConcurrentHashMap<>();
  private volatile LiveTimeline timeline;
  private volatile Map<String, Rendition> renditions = Map.of();
  private volatile boolean running;
  private volatile String error;
  private volatile long lastMade = Long.MIN_VALUE;
  private volatile long lastMakeMillis;
  private Thread thread;
  private LiveCapture capture;

  /** A rendition with its folder and the values every response needs. */
  private record Rendition(LiveRendition live, Path dir, String codecs, Representation init) {}

  public LiveChannel(LiveChannelConfig config, List<RenditionConfig> ladder, Container container,
      Duration segmentDuration, Duration publishDelay, Instant epoch, Path workDir, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.ladder = List.copyOf(ladder);
    this.container = Objects.requireNonNull(container, "container");
    this.segmentDuration = Objects.requireNonNull(segmentDuration, "segmentDuration");
    this.publishDelay = Objects.requireNonNull(publishDelay, "publishDelay");
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.dir = workDir.resolve("live").resolve(config.name());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.source = SourceSpec.parse(config.source(), config.frameRate());
    if (source instanceof SourceSpec.Synthetic s) {
      setUp(s.width(), s.height(), s.fps(), true);
    }
  }

  public String name() {
    return config.name();
  }

  private boolean synthetic() {
    return source instanceof SourceSpec.Synthetic;
  }

  /** Builds the timeline and renditions once the source's size and rate are known. */
  private void setUp(int width, int height, int fps, boolean audio) {
    LiveTimeline tl;
    try {
      tl = LiveTimeline.of(epoch, segmentDuration, fps);
    } catch (IllegalArgumentException e) {
      throw new MediaException("channel " + config.name() + ": " + e.getMessage() + " (set frameRate)");
    }
    int gop = tl.framesPerSegment();
    long audioBitrate = audio ? config.audioBitrate() : 0;
    List<LiveRendition> list = new ArrayList<>();
    list.add(new LiveRendition(RenditionConfig.SOURCE,
        new EncodeSpec(width, height, fps, config.videoBitrate(), audioBitrate, gop)));
    for (RenditionConfig rc : ladder) {
      if (rc.height() < height) {
        list.add(new LiveRendition(rc.name(), new EncodeSpec(LiveRendition.widthFor(width, height, rc.height()),
            rc.height(), fps, rc.videoBitrate(), audioBitrate, gop)));
      }
    }
    Map<String, Rendition> map = new LinkedHashMap<>();
    Instant modified = epoch;
    for (LiveRendition r : list) {
      Representation init = container == Container.FMP4
          ? Representation.ofBytes("video/mp4", MediaEncoder.initSegment(r.spec()), modified, SEGMENT_CACHE)
          : null;
      map.put(r.name(), new Rendition(r, dir.resolve(r.name()), MediaEncoder.codecs(r.spec()), init));
    }
    this.timeline = tl;
    this.renditions = map;
  }

  public void start() {
    running = true;
    thread = new Thread(this::run, "live-" + config.name());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      if (synthetic()) {
        runSynthetic();
      } else {
        runCapture((SourceSpec.Ffmpeg) source);
      }
    } catch (RuntimeException e) {
      error = e.getMessage();
      if (running) {
        log.error("live channel {} stopped: {}", config.name(), e.toString(), e);
      }
    }
  }

  // ---- synthetic ----

  private void runSynthetic() {
    LiveTimeline tl = timeline;
    Instant now = clock.instant();
    long current = tl.segmentAt(now);
    long published = tl.lastPublished(now, publishDelay);
    long t0 = System.nanoTime();
    for (long n = published - config.window(); n <= current && running; n++) {
      for (Rendition r : renditions.values()) {
        ensure(r, n);
      }
    }
    log.info("live channel {}: {} segments back-filled in {} ms; next segment {} at {}", config.name(),
        current - published + config.window() + 1, (System.nanoTime() - t0) / 1_000_000, current + 1, tl.start(current + 1));
    for (long next = current + 1; running; next++) {
      waitUntil(tl.start(next));
      long behind = tl.segmentAt(clock.instant());
      if (behind > next) {
        next = behind;
      }
      for (Rendition r : renditions.values()) {
        if (running) {
          ensure(r, next);
        }
      }
      prune(next);
    }
  }

  /** Makes segment {@code n} of a synthetic channel unless it exists; concurrent callers share one run. */
  private Path ensure(Rendition r, long n) {
    Path file = file(r, n);
    if (Files.exists(file)) {
      return file;
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> other = making.putIfAbsent(r.live().name() + "/" + n, mine);
    if (other != null) {
      return other.join();
    }
    try {
      long t0 = System.nanoTime();
      byte[] bytes = renderSynthetic(r.live(), n);
      write(file, bytes);
      lastMakeMillis = (System.nanoTime() - t0) / 1_000_000;
      lastMade = Math.max(lastMade, n);
      mine.complete(file);
      return file;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      making.remove(r.live().name() + "/" + n);
    }
  }

  private byte[] renderSynthetic(LiveRendition r, long n) {
    return SyntheticSegment.encode(timeline, r.spec(), container, n, "streamedge live - " + config.name());
  }

  // ---- FFmpeg sources ----

  private void runCapture(SourceSpec.Ffmpeg spec) {
    while (running && capture == null) {
      try {
        LiveCapture c = LiveCapture.open(spec.url(), spec.format(), spec.loop(), spec.fpsHint());
        setUp(c.width(), c.height(), c.fps(), c.hasAudio());
        for (Rendition r : renditions.values()) {
          c.addOutput(r.live().spec().width(), r.live().spec().height());
        }
        c.start("live-" + config.name() + "-capture");
        capture = c;
        error = null;
        log.info("live channel {}: source {} open, {}x{} at {} fps{}", config.name(), spec.url(), c.width(), c.height(),
            c.fps(), c.hasAudio() ? " with audio" : "");
      } catch (MediaException e) {
        error = e.getMessage();
        log.warn("live channel {}: cannot open {}: {}; retrying in 5 s", config.name(), spec.url(), e.getMessage());
        sleepFor(Duration.ofSeconds(5));
      }
    }
    LiveTimeline tl = timeline;
    List<Rendition> rs = new ArrayList<>(renditions.values());
    byte[][] pictures = new byte[rs.size()][];
    for (int i = 0; i < rs.size(); i++) {
      EncodeSpec s = rs.get(i).live().spec();
      pictures[i] = new byte[s.width() * s.height() * 3 / 2];
      blank(pictures[i], s.width() * s.height());
    }
    AudioTrack audio = new AudioTrack();
    for (long n = tl.segmentAt(clock.instant()) + 1; running; n++) {
      long now = tl.segmentAt(clock.instant());
      if (now > n) {
        log.warn("live channel {}: fell behind by {} segment(s); skipping ahead", config.name(), now - n);
        n = now + 1;
      }
      waitUntil(tl.start(n));
      captureSegment(n, rs, pictures, audio);
      prune(n);
    }
    capture.close();
  }

  private void captureSegment(long n, List<Rendition> rs, byte[][] pictures, AudioTrack audio) {
    LiveTimeline tl = timeline;
    long t0 = System.nanoTime();
    List<MediaEncoder> encoders = new ArrayList<>();
    try {
      for (Rendition r : rs) {
        encoders.add(MediaEncoder.segment(r.live().spec(), container, n));
      }
      boolean hasAudio = rs.get(0).live().spec().hasAudio();
      long p0 = tl.firstAudioPacket(n) * LiveTimeline.AUDIO_FRAME;
      long p1 = tl.firstAudioPacket(n + 1) * LiveTimeline.AUDIO_FRAME;
      for (MediaEncoder e : encoders) {
        e.keepAudio(p0, p1);
      }
      if (hasAudio) {
        audio.preRoll(p0, encoders);
      }
      long first = tl.firstFrame(n);
      for (long f = first; f < tl.firstFrame(n + 1) && running; f++) {
        waitUntil(tl.frameTime(f));
        for (int i = 0; i < rs.size(); i++) {
          capture.latest(i, pictures[i]);
          encoders.get(i).video(f, pictures[i], f == first);
        }
        if (hasAudio) {
          long due = Math.min(p1, p0 + (f + 1 - first) * LiveTimeline.SAMPLE_RATE / tl.fps());
          audio.feed(capture, due, encoders);
        }
      }
      if (!running) {
        return;
      }
      if (hasAudio) {
        audio.feed(capture, p1, encoders);
      }
      for (int i = 0; i < rs.size(); i++) {
        write(file(rs.get(i), n), encoders.get(i).finish());
      }
      lastMade = n;
      lastMakeMillis = (System.nanoTime() - t0) / 1_000_000;
    } finally {
      for (MediaEncoder e : encoders) {
        e.close();
      }
    }
  }

  /** The audio of a captured channel on the sample grid of the timeline, with the last two frames kept for pre-roll. */
  private static final class AudioTrack {
    private final float[] left = new float[LiveTimeline.AUDIO_FRAME];
    private final float[] right = new float[LiveTimeline.AUDIO_FRAME];
    private final float[] tailLeft = new float[2 * LiveTimeline.AUDIO_FRAME];
    private final float[] tailRight = new float[2 * LiveTimeline.AUDIO_FRAME];
    private long cursor;

    void preRoll(long p0, List<MediaEncoder> encoders) {
      for (int k = 0; k < 2; k++) {
        long pts = p0 - (2 - k) * (long) LiveTimeline.AUDIO_FRAME;
        for (MediaEncoder e : encoders) {
          e.audio(pts, tailLeft, tailRight, k * LiveTimeline.AUDIO_FRAME);
        }
      }
      cursor = p0;
    }

    void feed(LiveCapture capture, long until, List<MediaEncoder> encoders) {
      while (cursor + LiveTimeline.AUDIO_FRAME <= until) {
        int got = capture.takeAudio(left, right, 0, LiveTimeline.AUDIO_FRAME);
        java.util.Arrays.fill(left, got, LiveTimeline.AUDIO_FRAME, 0f);
        java.util.Arrays.fill(right, got, LiveTimeline.AUDIO_FRAME, 0f);
        for (MediaEncoder e : encoders) {
          e.audio(cursor, left, right, 0);
        }
        System.arraycopy(tailLeft, LiveTimeline.AUDIO_FRAME, tailLeft, 0, LiveTimeline.AUDIO_FRAME);
        System.arraycopy(tailRight, LiveTimeline.AUDIO_FRAME, tailRight, 0, LiveTimeline.AUDIO_FRAME);
        System.arraycopy(left, 0, tailLeft, LiveTimeline.AUDIO_FRAME, LiveTimeline.AUDIO_FRAME);
        System.arraycopy(right, 0, tailRight, LiveTimeline.AUDIO_FRAME, LiveTimeline.AUDIO_FRAME);
        cursor += LiveTimeline.AUDIO_FRAME;
      }
    }
  }

  private static void blank(byte[] yuv, int lumaBytes) {
    java.util.Arrays.fill(yuv, 0, lumaBytes, (byte) 16);
    java.util.Arrays.fill(yuv, lumaBytes, yuv.length, (byte) 128);
  }

  // ---- files ----

  private Path file(Rendition r, long n) {
    return r.dir().resolve(n + "." + container.extension());
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".seg-", ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new MediaException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private long dvrSegments() {
    return Math.max(config.window() + 1L, config.dvrWindow().toMillis() / segmentDuration.toMillis());
  }

  /** Deletes segments older than the DVR depth. */
  private void prune(long newest) {
    long oldest = newest - dvrSegments() - 1;
    for (Rendition r : renditions.values()) {
      if (!Files.isDirectory(r.dir())) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(r.dir(), "*." + container.extension())) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          try {
            long n = Long.parseLong(name.substring(0, name.indexOf('.')));
            if (n < oldest) {
              Files.deleteIfExists(f);
            }
          } catch (NumberFormatException ignored) {
            // not a segment of ours
          }
        }
      } catch (IOException e) {
        log.debug("prune {}: {}", r.dir(), e.toString());
      }
    }
  }

  // ---- requests ----

  /** The channel's master playlist. */
  public Lookup master() {
    Map<String, Rendition> rs = renditions;
    if (rs.isEmpty()) {
      return new Lookup.Failed(503, "Service Unavailable: live source not open yet", NOT_YET_CACHE);
    }
    List<Variant> variants = new ArrayList<>();
    for (Rendition r : rs.values()) {
      EncodeSpec s = r.live().spec();
      long bandwidth = (s.videoBitrate() + s.audioBitrate()) * 11 / 10;
      variants.add(new Variant(r.live().name() + "/index.m3u8", bandwidth, 0, s.width(), s.height(), s.fps() * 1000,
          r.codecs()));
    }
    byte[] text = PlaylistWriter.write(new MasterPlaylist(variants)).getBytes(StandardCharsets.UTF_8);
    return new Lookup.Found(Representation.ofBytes(PLAYLIST_TYPE, text, epoch, "public, max-age=30"));
  }

  /** The live media playlist of {@code rendition}. */
  public Lookup playlist(String rendition) {
    Rendition r = renditions.get(rendition);
    LiveTimeline tl = timeline;
    if (r == null || tl == null) {
      return Lookup.notFound("Not Found: no rendition '" + rendition + "'", NOT_YET_CACHE);
    }
    Instant now = clock.instant();
    long published = tl.lastPublished(now, publishDelay);
    long dvr = dvrSegments();
    Optional<MediaPlaylist> p = LivePlaylist.build(tl, now, publishDelay, config.window(),
        n -> synthetic() ? n >= published - dvr : Files.exists(file(r, n)), container.extension(),
        container == Container.FMP4 ? Optional.of("init.mp4") : Optional.empty());
    if (p.isEmpty()) {
      return Lookup.notFound("Not Found: no segment yet", NOT_YET_CACHE);
    }
    MediaPlaylist playlist = p.get();
    long newest = playlist.mediaSequence() + playlist.segments().size() - 1;
    byte[] text = PlaylistWriter.write(playlist).getBytes(StandardCharsets.UTF_8);
    long maxAge = Math.max(1, segmentDuration.toMillis() / 2000);
    return new Lookup.Found(Representation.ofBytes(PLAYLIST_TYPE, text, tl.end(newest), "public, max-age=" + maxAge));
  }

  public Lookup init(String rendition) {
    Rendition r = renditions.get(rendition);
    if (r == null || r.init() == null) {
      return Lookup.notFound("Not Found", NOT_YET_CACHE);
    }
    return new Lookup.Found(r.init());
  }

  /** Segment {@code n}: 404 with a short max-age until it is published. Blocking (may encode it). */
  public Lookup segment(String rendition, long n, String extension) {
    Rendition r = renditions.get(rendition);
    LiveTimeline tl = timeline;
    if (r == null || tl == null || !extension.equals(container.extension())) {
      return Lookup.notFound("Not Found", NOT_YET_CACHE);
    }
    long published = tl.lastPublished(clock.instant(), publishDelay);
    if (n > published) {
      return Lookup.notFound("Not Found: segment " + n + " is not published yet", NOT_YET_CACHE);
    }
    if (n < published - dvrSegments()) {
      return Lookup.notFound("Not Found: segment " + n + " is older than the DVR window", "public, max-age=60");
    }
    Path file = file(r, n);
    try {
      if (!Files.exists(file) && synthetic()) {
        file = ensure(r, n);
      }
      byte[] bytes = Files.readAllBytes(file);
      return new Lookup.Found(Representation.ofBytes(container.mediaType(), bytes, tl.end(n), SEGMENT_CACHE));
    } catch (NoSuchFileException e) {
      return Lookup.notFound("Not Found: segment " + n + " was not made by this packager", NOT_YET_CACHE);
    } catch (IOException e) {
      return new Lookup.Failed(500, "Internal Server Error: cannot read segment", "no-store");
    }
  }

  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", config.name());
    m.put("source", config.source());
    m.put("synthetic", synthetic());
    LiveTimeline tl = timeline;
    if (tl != null) {
      m.put("fps", tl.fps());
      m.put("publishedSegment", tl.lastPublished(clock.instant(), publishDelay));
    }
    m.put("lastMadeSegment", lastMade == Long.MIN_VALUE ? null : lastMade);
    m.put("lastMakeMillis", lastMakeMillis);
    m.put("renditions", new ArrayList<>(renditions.keySet()));
    if (error != null) {
      m.put("error", error);
    }
    if (capture != null && capture.lastError() != null) {
      m.put("sourceError", capture.lastError());
    }
    return m;
  }

  private void waitUntil(Instant t) {
    while (running) {
      long nanos = Duration.between(clock.instant(), t).toNanos();
      if (nanos <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }

  private void sleepFor(Duration d) {
    waitUntil(clock.instant().plus(d));
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (capture != null) {
      capture.close();
    }
  }
}
