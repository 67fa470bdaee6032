package dev.streamedge.packager.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole packager configuration, validated. Build one in code with {@link #builder()} or read the YAML
 * contract with {@link #load(Path)}:
 *
 * <pre>
 * packager:
 *   listen: 127.0.0.1:9001
 *   mediaDir: media            # VOD assets: &lt;asset&gt;.mp4
 *   workDir: data/packager-a
 *   filesDir: files            # served under /files/
 *   segmentDuration: 4s
 *   container: ts              # ts | fmp4
 *   renditions: [ { name: 360p, height: 360, videoBitrate: 800k } ]
 *   live: [ { name: test, source: "synthetic:size=640x360:rate=25", window: 6, dvrWindow: 10m } ]
 * </pre>
 *
 * Every key is documented in {@code docs/packager.md}.
 */
public record PackagerConfig(
    String name,
    HostPort listen,
    Optional<Path> mediaDir,
    Path workDir,
    Optional<Path> filesDir,
    Duration segmentDuration,
    Container container,
    List<RenditionConfig> renditions,
    List<AssetConfig> assets,
    List<LiveChannelConfig> live,
    Instant liveEpoch,
    Duration livePublishDelay,
    int ioThreads,
    int workerThreads,
    int transcodeThreads,
    Duration idleTimeout,
    int maxRanges,
    boolean zeroCopy,
    Duration filesMaxAge,
    Duration shutdownGrace,
    Duration mediaScanInterval) {

  /** Default epoch of the live timeline: segment 0 of every channel starts here. */
  public static final Instant DEFAULT_LIVE_EPOCH = Instant.parse("2025-01-01T00:00:00Z");

  public PackagerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(mediaDir, "mediaDir");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(filesDir, "filesDir");
    Objects.requireNonNull(segmentDuration, "segmentDuration");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(liveEpoch, "liveEpoch");
    Objects.requireNonNull(livePublishDelay, "livePublishDelay");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(filesMaxAge, "filesMaxAge");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(mediaScanInterval, "mediaScanInterval");
    if (mediaScanInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("packager.mediaScanInterval", "expected at least 1s");
    }
    renditions = List.copyOf(renditions);
    assets = List.copyOf(assets);
    live = List.copyOf(live);
    validate(
        segmentDuration, renditions, assets, live, livePublishDelay, ioThreads, workerThreads,
        transcodeThreads, maxRanges);
  }

  private static void validate(
      Duration segmentDuration,
      List<RenditionConfig> renditions,
      List<AssetConfig> assets,
      List<LiveChannelConfig> live,
      Duration livePublishDelay,
      int ioThreads,
      int workerThreads,
      int transcodeThreads,
      int maxRanges) {
    if (segmentDuration.compareTo(Duration.ofSeconds(1)) < 0
        || segmentDuration.compareTo(Duration.ofSeconds(30)) > 0
        || segmentDuration.toNanos() % 1_000_000 != 0) {
      throw new ConfigException(
          "packager.segmentDuration",
          "expected whole milliseconds between 1s and 30s, got " + ConfigValues.format(segmentDuration));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < renditions.size(); i++) {
      if (!seen.add(renditions.get(i).name())) {
        throw new ConfigException(
            "packager.renditions[" + i + "].name", "duplicate rendition '" + renditions.get(i).name() + "'");
      }
    }
    Set<String> assetNames = new HashSet<>();
    for (int i = 0; i < assets.size(); i++) {
      if (!assetNames.add(assets.get(i).name())) {
        throw new ConfigException("packager.assets[" + i + "].name", "duplicate asset '" + assets.get(i).name() + "'");
      }
    }
    Set<String> channels = new HashSet<>();
    for (int i = 0; i < live.size(); i++) {
      LiveChannelConfig c = live.get(i);
      String key = "packager.live[" + i + "]";
      if (!channels.add(c.name())) {
        throw new ConfigException(key + ".name", "duplicate channel '" + c.name() + "'");
      }
      for (String r : c.renditions()) {
        if (!seen.contains(r)) {
          throw new ConfigException(
              key + ".renditions", "unknown rendition '" + r + "' (define it in packager.renditions)");
        }
      }
      // RFC 8216 6.2.2: a segment removed from the playlist stays available for its duration plus the
      // playlist's duration; the DVR depth is that retention, so it must cover at least window + 1 segments.
      Duration minimum = segmentDuration.multipliedBy(c.window() + 1L);
      if (c.dvrWindow().compareTo(minimum) < 0) {
        throw new ConfigException(
            key + ".dvrWindow",
            "must be at least (window + 1) x segmentDuration = " + ConfigValues.format(minimum)
                + ", got " + ConfigValues.format(c.dvrWindow()));
      }
    }
    if (livePublishDelay.isNegative() || livePublishDelay.compareTo(segmentDuration) > 0) {
      throw new ConfigException("packager.livePublishDelay", "expected 0..segmentDuration");
    }
    if (ioThreads < 1 || ioThreads > 64) {
      throw new ConfigException("packager.ioThreads", "expected 1..64, got " + ioThreads);
    }
    if (workerThreads < 1 || workerThreads > 256) {
      throw new ConfigException("packager.workerThreads", "expected 1..256, got " + workerThreads);
    }
    if (transcodeThreads < 0 || transcodeThreads > 16) {
      throw new ConfigException("packager.transcodeThreads", "expected 0..16, got " + transcodeThreads);
    }
    if (maxRanges < 1 || maxRanges > 1000) {
      throw new ConfigException("packager.maxRanges", "expected 1..1000, got " + maxRanges);
    }
  }

  /** Reads and validates a YAML config; relative paths resolve against the file's directory. */
  public static PackagerConfig load(Path yamlFile) {
    return ConfigReader.read(yamlFile);
  }

  /** The container of {@code asset}: its override in {@code assets}, else {@link #container()}. */
  public Container containerOf(String asset) {
    for (AssetConfig a : assets) {
      if (a.name().equals(asset)) {
        return a.container();
      }
    }
    return container;
  }

  /** The ladder rung called {@code name}, if configured. */
  public Optional<RenditionConfig> rendition(String name) {
    return renditions.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a config in code (tests, the demo); relative paths resolve against the working directory. */
  public static final class Builder {
    private String name = "packager";
    private HostPort listen = new HostPort("127.0.0.1", 9001);
    private Path mediaDir;
    private Path workDir = Path.of("data", "packager");
    private Path filesDir;
    private Duration segmentDuration = Duration.ofSeconds(4);
    private Container container = Container.TS;
    private final List<RenditionConfig> renditions = new ArrayList<>();
    private final List<AssetConfig> assets = new ArrayList<>();
    private final List<LiveChannelConfig> live = new ArrayList<>();
    private Instant liveEpoch = DEFAULT_LIVE_EPOCH;
    private Duration livePublishDelay = Duration.ZERO;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int transcodeThreads = 1;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxRanges = 16;
    private boolean zeroCopy = true;
    private Duration filesMaxAge = Duration.ofHours(1);
    private Duration shutdownGrace = Duration.ofSeconds(5);
    private Duration mediaScanInterval = Duration.ofSeconds(10);

    private Builder() {}

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** {@code host:port}; port 0 picks an ephemeral port. */
    public Builder listen(String hostPort) {
      this.listen =
          HostPort.parse(hostPort)
              .orElseThrow(() -> new ConfigException("packager.listen", "expected host:port, got '" + hostPort + "'"));
      return this;
    }

    public Builder mediaDir(Path mediaDir) {
      this.mediaDir = mediaDir;
      return this;
    }

    public Builder workDir(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
      return this;
    }

    public Builder filesDir(Path filesDir) {
      this.filesDir = filesDir;
      return this;
    }

    public Builder segmentDuration(Duration segmentDuration) {
      this.segmentDuration = Objects.requireNonNull(segmentDuration, "segmentDuration");
      return this;
    }

    public Builder container(Container container) {
      this.container = Objects.requireNonNull(container, "container");
      return this;
    }

    public Builder rendition(RenditionConfig rendition) {
      renditions.add(Objects.requireNonNull(rendition, "rendition"));
      return this;
    }

    public Builder asset(AssetConfig asset) {
      assets.add(Objects.requireNonNull(asset, "asset"));
      return this;
    }

    public Builder live(LiveChannelConfig channel) {
      live.add(Objects.requireNonNull(channel, "channel"));
      return this;
    }

    public Builder liveEpoch(Instant liveEpoch) {
      this.liveEpoch = Objects.requireNonNull(liveEpoch, "liveEpoch");
      return this;
    }

    public Builder livePublishDelay(Duration livePublishDelay) {
      this.livePublishDelay = Objects.requireNonNull(livePublishDelay, "livePublishDelay");
      return this;
    }

    public Builder ioThreads(int ioThreads) {
      this.ioThreads = ioThreads;
      return this;
    }

    public Builder workerThreads(int workerThreads) {
      this.workerThreads = workerThreads;
      return this;
    }

    public Builder transcodeThreads(int transcodeThreads) {
      this.transcodeThreads = transcodeThreads;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    public Builder maxRanges(int maxRanges) {
      this.maxRanges = maxRanges;
      return this;
    }

    public Builder zeroCopy(boolean zeroCopy) {
      this.zeroCopy = zeroCopy;
      return this;
    }

    public Builder filesMaxAge(Duration filesMaxAge) {
      this.filesMaxAge = Objects.requireNonNull(filesMaxAge, "filesMaxAge");
      return this;
    }

    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      return this;
    }

    public Builder mediaScanInterval(Duration mediaScanInterval) {
      this.mediaScanInterval = Objects.requireNonNull(mediaScanInterval, "mediaScanInterval");
      return this;
    }

    public PackagerConfig build() {
      return new PackagerConfig(
          name,
          listen,
          Optional.ofNullable(mediaDir).map(p -> p.toAbsolutePath().normalize()),
          workDir.toAbsolutePath().normalize(),
          Optional.ofNullable(filesDir).map(p -> p.toAbsolutePath().normalize()),
          segmentDuration,
          container,
          renditions,
          assets,
          live,
          liveEpoch,
          livePublishDelay,
          ioThreads,
          workerThreads,
          transcodeThreads,
          idleTimeout,
          maxRanges,
          zeroCopy,
          filesMaxAge,
          shutdownGrace,
          mediaScanInterval);
    }
  }
}
