package dev.streamedge.edge.cli;

import dev.streamedge.edge.Edge;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.EdgeConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads an edge's YAML file when it changes (the default config source; etcd is the other).
 * Checks the file's content every two seconds; a changed file is loaded, validated and applied
 * with {@link Edge#apply}. A file that fails to load, or that changes the edge's own settings, is
 * reported and the configuration being served stays.
 */
final class ConfigFileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);

  private final Path file;
  private final Edge edge;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "config-watcher");
    t.setDaemon(true);
    return t;
  });
  private byte[] lastDigest;

  private ConfigFileWatcher(Path file, Edge edge) {
    this.file = file;
    this.edge = edge;
    this.lastDigest = digest();
  }

  static ConfigFileWatcher start(Path file, Edge edge) {
    ConfigFileWatcher w = new ConfigFileWatcher(file, edge);
    w.timer.scheduleWithFixedDelay(w::check, 2, 2, TimeUnit.SECONDS);
    return w;
  }

  private void check() {
    byte[] d = digest();
    if (d == null || Arrays.equals(d, lastDigest)) {
      return;
    }
    lastDigest = d;
    try {
      edge.apply(EdgeConfigLoader.load(file));
      log.info("applied the changed configuration in {}", file);
    } catch (ConfigException e) {
      log.error("the changed configuration in {} was not applied, the previous one stays: {}", file, e.getMessage());
    } catch (RuntimeException e) {
      log.error("the changed configuration in {} was not applied, the previous one stays", file, e);
    }
  }

  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null; // being replaced, or gone: keep what is served
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
