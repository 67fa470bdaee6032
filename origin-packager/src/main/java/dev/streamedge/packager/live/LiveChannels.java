package dev.streamedge.packager.live;

import dev.streamedge.packager.config.ConfigException;
import dev.streamedge.packager.config.LiveChannelConfig;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.config.RenditionConfig;
import dev.streamedge.packager.hls.HlsPath;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.media.MediaException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured live channels and the {@code /live/{channel}/...} resources. */
public final class LiveChannels implements AutoCloseable {
  private final Map<String, LiveChannel> channels = new LinkedHashMap<>();

  public LiveChannels(PackagerConfig config, Clock clock) {
    for (int i = 0; i < config.live().size(); i++) {
      LiveChannelConfig c = config.live().get(i);
      List<RenditionConfig> ladder = new ArrayList<>();
      for (String name : c.renditions()) {
        config.rendition(name).ifPresent(ladder::add);
      }
      try {
        channels.put(c.name(), new LiveChannel(c, ladder, config.container(), config.segmentDuration(),
            config.livePublishDelay(), config.liveEpoch(), config.workDir(), clock));
      } catch (IllegalArgumentException | MediaException e) {
        throw new ConfigException("packager.live[" + i + "].source", e.getMessage());
      }
    }
  }

  public void start() {
    channels.values().forEach(LiveChannel::start);
  }

  public boolean isEmpty() {
    return channels.isEmpty();
  }

  /** Answers a request below {@code /live/}. Blocking (a synthetic segment may be made on request). */
  public Lookup lookup(String rest) {
    Optional<HlsPath> parsed = HlsPath.parse(rest);
    if (parsed.isEmpty()) {
      return Lookup.notFound("Not Found", "public, max-age=10");
    }
    HlsPath p = parsed.get();
    if (p instanceof HlsPath.Master m) {
      LiveChannel c = channels.get(m.name());
      return c == null ? unknown(m.name()) : c.master();
    }
    if (p instanceof HlsPath.Media m) {
      LiveChannel c = channels.get(m.name());
      return c == null ? unknown(m.name()) : c.playlist(m.rendition());
    }
    if (p instanceof HlsPath.Init i) {
      LiveChannel c = channels.get(i.name());
      return c == null ? unknown(i.name()) : c.init(i.rendition());
    }
    HlsPath.Segment s = (HlsPath.Segment) p;
    LiveChannel c = channels.get(s.name());
    return c == null ? unknown(s.name()) : c.segment(s.rendition(), s.number(), s.extension());
  }

  private static Lookup unknown(String name) {
    return Lookup.notFound("Not Found: no live channel '" + name + "'", "public, max-age=10");
  }

  public List<Map<String, Object>> status() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LiveChannel c : channels.values()) {
      out.add(c.status());
    }
    return out;
  }

  @Override
  public void close() {
    channels.values().forEach(LiveChannel::close);
  }
}
