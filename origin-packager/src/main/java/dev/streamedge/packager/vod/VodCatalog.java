package dev.streamedge.packager.vod;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamedge.packager.config.Container;
import dev.streamedge.packager.config.RenditionConfig;
import dev.streamedge.packager.hls.HlsPath;
import dev.streamedge.packager.hls.MasterPlaylist;
import dev.streamedge.packager.hls.MediaPlaylist;
import dev.streamedge.packager.hls.MediaSegment;
import dev.streamedge.packager.hls.PlaylistWriter;
import dev.streamedge.packager.hls.Variant;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.http.Representation;
import dev.streamedge.packager.media.AudioInfo;
import dev.streamedge.packager.media.MediaException;
import dev.streamedge.packager.media.MediaScan;
import dev.streamedge.packager.media.MediaScanner;
import dev.streamedge.packager.media.RenditionTranscoder;
import dev.streamedge.packager.media.SegmentRemuxer;
import dev.streamedge.packager.media.VideoInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VOD assets of the media folder ({@code <mediaDir>/<asset>.mp4}) and their renditions.
 *
 * <ul>
 *   <li>An asset is indexed the first time it is seen (by a request or the periodic scan): its packets
 *       are scanned once and the segment index cached in the work folder.
 *   <li>Each configured rendition lower than the source is transcoded once, in the background, one at
 *       a time, with IDRs at the source's cut times; progress is logged and shown by {@code /status}.
 *       The master playlist lists the source and the renditions that are ready; it is short-lived
 *       while transcodes are pending and long-lived afterwards.
 *   <li>Segments are remuxed from the rendition's MP4 on request (no re-encoding), on the caller's
 *       (worker) thread.
 * </ul>
 *
 * A replaced source file (new size or mtime) is re-indexed and its renditions redone.
 */
public final class VodCatalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VodCatalog.class);
  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
  static final String PLAYLIST_CACHE = "public, max-age=86400";
  static final String PENDING_MASTER_CACHE = "public, max-age=10";
  private static final String NOT_FOUND_CACHE = "public, max-age=10";

  private final Path mediaDir;
  private final Path workDir;
  private final Duration segmentDuration;
  private final List<RenditionConfig> ladder;
  private final Function<String, Container> containerOf;
  private final ExecutorService transcoder;
  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentHashMap<String, Asset> assets = new ConcurrentHashMap<>();
  private final Object creating = new Object();
  private volatile boolean closed;

  /**
   * @param transcoder runs the ladder's transcodes (one thread is plenty on small machines); null
   *     disables the ladder (only the source rendition is served)
   */
  public VodCatalog(Path mediaDir, Path workDir, Duration segmentDuration, List<RenditionConfig> ladder,
      Function<String, Container> containerOf, ExecutorService transcoder) {
    this.mediaDir = Objects.requireNonNull(mediaDir, "mediaDir");
    this.workDir = Objects.requireNonNull(workDir, "workDir").resolve("vod");
    this.segmentDuration = Objects.requireNonNull(segmentDuration, "segmentDuration");
    this.ladder = List.copyOf(ladder);
    this.containerOf = Objects.requireNonNull(containerOf, "containerOf");
    this.transcoder = transcoder;
  }

  /** Finds every asset in the media folder and starts indexing and transcoding new ones. Blocking. */
  public void discover() {
    if (!Files.isDirectory(mediaDir)) {
      return;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(mediaDir, "*.mp4")) {
      for (Path p : dir) {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - 4);
        if (HlsPath.NAME.matcher(name).matches() && !closed) {
          asset(name);
        }
      }
    } catch (IOException e) {
      log.warn("cannot list {}: {}", mediaDir, e.toString());
    }
  }

  /** Answers a request below {@code /vod/}. Blocking (may index an asset or remux a segment). */
  public Lookup lookup(String rest) {
    Optional<HlsPath> parsed = HlsPath.parse(rest);
    if (parsed.isEmpty()) {
      return Lookup.notFound("Not Found", NOT_FOUND_CACHE);
    }
    HlsPath path = parsed.get();
    String name = path instanceof HlsPath.Master m ? m.name()
        : path instanceof HlsPath.Media m ? m.name()
        : path instanceof HlsPath.Init i ? i.name()
        : ((HlsPath.Segment) path).name();
    Asset asset;
    try {
      asset = asset(name);
    } catch (MediaException e) {
      return Lookup.notFound("Not Found: asset '" + name + "' cannot be packaged: " + e.getMessage(), NOT_FOUND_CACHE);
    }
    if (asset == null) {
      return Lookup.notFound("Not Found: no asset '" + name + "'", NOT_FOUND_CACHE);
    }
    if (path instanceof HlsPath.Master) {
      return new Lookup.Found(asset.master());
    }
    String renditionName = path instanceof HlsPath.Media m ? m.rendition()
        : path instanceof HlsPath.Init i ? i.rendition()
        : ((HlsPath.Segment) path).rendition();
    Rendition r = asset.renditions.get(renditionName);
    if (r == null || r.state != RenditionState.READY) {
      return Lookup.notFound("Not Found: no rendition '" + renditionName + "' of '" + name + "'", NOT_FOUND_CACHE);
    }
    if (path instanceof HlsPath.Media) {
      return new Lookup.Found(r.playlist);
    }
    if (path instanceof HlsPath.Init) {
      if (asset.container != Container.FMP4) {
        return Lookup.notFound("Not Found: '" + name + "' is packaged as MPEG-TS", NOT_FOUND_CACHE);
      }
      return new Lookup.Found(r.init(asset.modified));
    }
    HlsPath.Segment s = (HlsPath.Segment) path;
    if (!s.extension().equals(asset.container.extension()) || s.number() >= r.index.segments().size()) {
      return Lookup.notFound("Not Found: no segment " + s.number() + "." + s.extension(), NOT_FOUND_CACHE);
    }
    SegmentEntry entry = r.index.segments().get((int) s.number());
    byte[] bytes = asset.container == Container.FMP4
        ? SegmentRemuxer.fragment(r.file, entry.window(), entry.number())
        : SegmentRemuxer.transportStream(r.file, entry.window());
    return new Lookup.Found(Representation.ofBytes(asset.container.mediaType(), bytes, asset.modified, SEGMENT_CACHE));
  }

  /** The asset called {@code name}, indexed; null when there is no such file. */
  private Asset asset(String name) {
    Path source = mediaDir.resolve(name + ".mp4");
    Fingerprint fp = Fingerprint.of(source);
    if (fp == null) {
      return null;
    }
    Asset current = assets.get(name);
    if (current != null && current.fingerprint.equals(fp)) {
      return current;
    }
    synchronized (creating) {
      current = assets.get(name);
      if (current != null && current.fingerprint.equals(fp)) {
        return current;
      }
      if (current != null) {
        current.cancelled = true;
        log.info("asset {} changed on disk: re-indexing", name);
      }
      Asset fresh = open(name, source, fp);
      assets.put(name, fresh);
      fresh.scheduleLadder();
      return fresh;
    }
  }

  private Asset open(String name, Path source, Fingerprint fp) {
    Path dir = workDir.resolve(name);
    IndexFile index = loadIndex(dir.resolve(RenditionConfig.SOURCE + ".index.json"), fp);
    if (index == null) {
      long t0 = System.nanoTime();
      MediaScan scan = MediaScanner.scan(source);
      SegmentIndex si = SegmentIndexer.index(scan, segmentDuration, Optional.empty());
      index = new IndexFile(IndexFile.VERSION, fp.size(), fp.modifiedMicros(), scan.video(), scan.audio().orElse(null),
          si.segments());
      saveIndex(dir.resolve(RenditionConfig.SOURCE + ".index.json"), index);
      log.info("indexed asset {}: {} segments, {}x{}, {} in {} ms", name, si.segments().size(), scan.video().width(),
          scan.video().height(), scan.video().codecs(), (System.nanoTime() - t0) / 1_000_000);
    }
    return new Asset(name, source, fp, dir, index, containerOf.apply(name));
  }

  private IndexFile loadIndex(Path file, Fingerprint fp) {
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      IndexFile f = json.readValue(file.toFile(), IndexFile.class);
      boolean valid = f.version() == IndexFile.VERSION && f.sourceSize() == fp.size()
          && f.sourceModifiedMicros() == fp.modifiedMicros() && !f.segments().isEmpty();
      return valid ? f : null;
    } catch (IOException | RuntimeException e) {
      log.info("ignoring unreadable index {}: {}", file, e.toString());
      return null;
    }
  }

  private void saveIndex(Path file, IndexFile index) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".index-", ".tmp");
      json.writeValue(tmp.toFile(), index);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.warn("cannot cache index {}: {}", file, e.toString());
    }
  }

  /** A status entry per asset for {@code /status}. */
  public List<Map<String, Object>> status() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Asset a : assets.values().stream().sorted((x, y) -> x.name.compareTo(y.name)).toList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.name);
      m.put("container", a.container.toString());
      m.put("durationSeconds", a.renditions.get(RenditionConfig.SOURCE).index.totalMicros() / 1e6);
      List<Map<String, Object>> rs = new ArrayList<>();
      for (Rendition r : a.renditions.values()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("name", r.name);
        rm.put("state", r.state.name());
        rm.put("percent", r.percent);
        if (r.error != null) {
          rm.put("error", r.error);
        }
        rs.add(rm);
      }
      m.put("renditions", rs);
      out.add(m);
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    for (Asset a : assets.values()) {
      a.cancelled = true;
    }
    if (transcoder != null) {
      transcoder.shutdownNow();
      try {
        transcoder.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Size and modification time of a source: when either changes, the asset is redone. */
  record Fingerprint(long size, long modifiedMicros) {
    static Fingerprint of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.isRegularFile() ? new Fingerprint(a.size(), a.lastModifiedTime().to(TimeUnit.MICROSECONDS)) : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** One rendition of an asset. Fields are written by the transcode thread and read by workers. */
  private static final class Rendition {
    final String name;
    final Path file;
    final RenditionConfig config;
    volatile RenditionState state = RenditionState.PENDING;
    volatile int percent;
    volatile String error;
    volatile SegmentIndex index;
    volatile VideoInfo video;
    volatile Representation playlist;
    private volatile Representation init;

    Rendition(String name, Path file, RenditionConfig config) {
      this.name = name;
      this.file = file;
      this.config = config;
    }

    void ready(SegmentIndex index, VideoInfo video, Container container, Instant modified) {
      List<MediaSegment> segs = new ArrayList<>(index.segments().size());
      for (SegmentEntry e : index.segments()) {
        segs.add(new MediaSegment(e.durationMicros(), e.number() + "." + container.extension()));
      }
      Optional<String> map = container == Container.FMP4 ? Optional.of("init.mp4") : Optional.empty();
      byte[] text = PlaylistWriter.write(MediaPlaylist.of(0, true, map, segs)).getBytes(StandardCharsets.UTF_8);
      this.index = index;
      this.video = video;
      this.playlist = Representation.ofBytes(PLAYLIST_TYPE, text, modified, PLAYLIST_CACHE);
      this.percent = 100;
      this.state = RenditionState.READY;
    }

    Representation init(Instant modified) {
      Representation i = init;
      if (i == null) {
        i = Representation.ofBytes("video/mp4", SegmentRemuxer.initSegment(file), modified, SEGMENT_CACHE);
        init = i;
      }
      return i;
    }
  }

  /** One asset: its source and its ladder. */
  private final class Asset {
    final String name;
    final Path source;
    final Fingerprint fingerprint;
    final Path dir;
    final Container container;
    final Instant modified;
    final AudioInfo audio;
    final Map<String, Rendition> renditions = new LinkedHashMap<>();
    volatile boolean cancelled;

    Asset(String name, Path source, Fingerprint fp, Path dir, IndexFile sourceIndex, Container container) {
      this.name = name;
      this.source = source;
      this.fingerprint = fp;
      this.dir = dir;
      this.container = container;
      this.modified = Instant.EPOCH.plus(fp.modifiedMicros(), java.time.temporal.ChronoUnit.MICROS);
      this.audio = sourceIndex.audio();
      Rendition src = new Rendition(RenditionConfig.SOURCE, source, null);
      src.ready(new SegmentIndex(sourceIndex.segments()), sourceIndex.video(), container, modified);
      renditions.put(RenditionConfig.SOURCE, src);
      for (RenditionConfig rc : ladder) {
        Rendition r = new Rendition(rc.name(), dir.resolve(rc.name() + ".mp4"), rc);
        if (rc.height() >= sourceIndex.video().height()) {
          r.state = RenditionState.SKIPPED;
          r.error = "not lower than the source (" + sourceIndex.video().height() + "p)";
        } else if (transcoder == null) {
          r.state = RenditionState.SKIPPED;
          r.error = "transcoding disabled (transcodeThreads: 0)";
        }
        renditions.put(rc.name(), r);
      }
    }

    void scheduleLadder() {
      for (Rendition r : renditions.values()) {
        if (r.state != RenditionState.PENDING) {
          continue;
        }
        IndexFile cached = loadIndex(dir.resolve(r.name + ".index.json"), fingerprint);
        if (cached != null && Files.isRegularFile(r.file)) {
          r.ready(new SegmentIndex(cached.segments()), cached.video(), container, modified);
          continue;
        }
        try {
          transcoder.execute(() -> transcode(r));
        } catch (RejectedExecutionException e) {
          r.state = RenditionState.FAILED;
          r.error = "packager is stopping";
        }
      }
    }

    private void transcode(Rendition r) {
      if (cancelled || closed) {
        return;
      }
      Rendition src = renditions.get(RenditionConfig.SOURCE);
      long[] cuts = src.index.cutMicros();
      VideoInfo sv = src.video;
      int fps = (int) Math.max(1, Math.round(sv.frameRate()));
      int gop = (int) Math.max(1, fps * segmentDuration.toMillis() / 1000);
      Path tmp = null;
      long t0 = System.nanoTime();
      try {
        Files.createDirectories(dir);
        tmp = Files.createTempFile(dir, "." + r.name + "-", ".mp4");
        r.state = RenditionState.TRANSCODING;
        log.info("transcoding {}/{} ({}p, {} kbit/s) started", name, r.name, r.config.height(),
            r.config.videoBitrate() / 1000);
        RenditionTranscoder.transcode(source, tmp, r.config.height(), r.config.videoBitrate(), cuts, gop, p -> {
          r.percent = p;
          if (p < 100) {
            log.info("transcoding {}/{}: {}%", name, r.name, p);
          }
        }, () -> cancelled || closed);
        Files.move(tmp, r.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MediaScan scan = MediaScanner.scan(r.file);
        SegmentIndex index = SegmentIndexer.index(scan, segmentDuration, Optional.of(cuts));
        if (index.segments().size() != cuts.length) {
          log.warn("{}/{}: {} segments where the source has {}; renditions may not switch cleanly", name, r.name,
              index.segments().size(), cuts.length);
        }
        saveIndex(dir.resolve(r.name + ".index.json"), new IndexFile(IndexFile.VERSION, fingerprint.size(),
            fingerprint.modifiedMicros(), scan.video(), scan.audio().orElse(null), index.segments()));
        r.ready(index, scan.video(), container, modified);
        log.info("transcoding {}/{}: done in {} ms", name, r.name, (System.nanoTime() - t0) / 1_000_000);
      } catch (IOException | RuntimeException e) {
        r.state = RenditionState.FAILED;
        r.error = e.getMessage();
        if (!cancelled && !closed) {
          log.warn("transcoding {}/{} failed: {}", name, r.name, e.toString());
        }
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException ignored) {
            // a leftover temporary file is harmless; the next run overwrites by a new name
          }
        }
      }
    }

    Representation master() {
      List<Variant> variants = new ArrayList<>();
      boolean settled = true;
      String audioCodecs = audio == null ? "" : "," + audio.codecs();
      List<Rendition> ready = new ArrayList<>();
      for (Rendition r : renditions.values()) {
        settled &= r.state.settled();
        if (r.state == RenditionState.READY) {
          ready.add(r);
        }
      }
      ready.sort((a, b) -> Integer.compare(b.video.height(), a.video.height()));
      for (Rendition r : ready) {
        VideoInfo v = r.video;
        variants.add(new Variant(r.name + "/index.m3u8", r.index.peakBitsPerSecond(), r.index.averageBitsPerSecond(),
            v.width(), v.height(), (int) Math.round(v.frameRate() * 1000), v.codecs() + audioCodecs));
      }
      byte[] text = PlaylistWriter.write(new MasterPlaylist(variants)).getBytes(StandardCharsets.UTF_8);
      return Representation.ofBytes(PLAYLIST_TYPE, text, modified, settled ? PLAYLIST_CACHE : PENDING_MASTER_CACHE);
    }
  }
}
