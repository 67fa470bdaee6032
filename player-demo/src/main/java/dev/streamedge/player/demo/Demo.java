package dev.streamedge.player.demo;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.EdgeConfigLoader;
import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.demo.DemoMedia;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, in one JVM: two packagers on the same demo media behind one
 * edge, from the config files shipped in {@code config/demo/}. Demo content is generated with
 * JavaCV on first run; nothing is downloaded.
 */
public final class Demo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  private final List<AutoCloseable> running;
  private final Edge edge;

  private Demo(List<AutoCloseable> running, Edge edge) {
    this.running = running;
    this.edge = edge;
  }

  /** Starts everything from the config files in {@code configDir}; stops what started on failure. */
  public static Demo start(Path configDir) {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      PackagerConfig a = PackagerConfig.load(configDir.resolve("packager-a.yaml"));
      PackagerConfig b = PackagerConfig.load(configDir.resolve("packager-b.yaml"));
      DemoMedia.ensure(a.mediaDir().orElse(null), a.filesDir().orElse(null));
      RunningPackager pa = Packager.start(a);
      started.add(pa);
      RunningPackager pb = Packager.start(b);
      started.add(pb);
      EdgeConfig edgeConfig = EdgeConfigLoader.load(configDir.resolve("edge.yaml"));
      Edge edge = Edge.start(edgeConfig);
      started.add(edge);
      return new Demo(started, edge);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  public Edge edge() {
    return edge;
  }

  /** The URL a person opens: the edge's public address. */
  public URI url() {
    URI base = edge.config().distribution().publicBaseUrl();
    if (base != null && base.getPort() == edge.port()) {
      return base.resolve("/");
    }
    return URI.create("http://127.0.0.1:" + edge.port() + "/");
  }

  @Override
  public void close() {
    closeAll(running);
  }

  private static void closeAll(List<AutoCloseable> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      try {
        list.get(i).close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", list.get(i), e.toString());
      }
    }
  }
}
