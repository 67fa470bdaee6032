package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Varnish Cache with malloc storage ({@code perf/conf/varnish.vcl}), in the foreground ({@code -F})
 * with its own working directory. varnishd is two processes: the manager (our child) and the cache
 * child that serves; the memory figure is the child's.
 */
public final class VarnishCache implements SystemUnderTest {
  private final ChildProcess process;
  private final int port;

  private VarnishCache(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** @param storage the malloc size, e.g. {@code 2g}: it must hold the 1 GiB object */
  public static VarnishCache start(Setup setup, Path varnishd, String storage) {
    Path dir = setup.runDir().resolve("varnish");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.next();
    Path vcl = ConfigTemplate.read(setup.confDir().resolve("varnish.vcl")).renderTo(dir.resolve("bench.vcl"),
        Map.of("filesHost", setup.filesOrigin().getHost(), "filesPort", Integer.toString(setup.filesOrigin().getPort()),
            "benchHost", setup.benchOrigin().getHost(), "benchPort", Integer.toString(setup.benchOrigin().getPort())));
    ChildProcess p = ChildProcess.start("varnishd", List.of(varnishd.toString(), "-F", "-a", "127.0.0.1:" + port,
        "-f", vcl.toString(), "-s", "malloc," + storage, "-n", dir.resolve("work").toString(), "-T", "none"),
        dir.resolve("varnishd.log"));
    try {
      p.awaitPort(port, Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new VarnishCache(p, port);
  }

  @Override
  public String name() {
    return "Varnish";
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public long servingPid() {
    return cacheChild().map(ProcessHandle::pid).orElse(process.pid());
  }

  @Override
  public long peakRssBytes() {
    return cacheChild().map(c -> ChildProcess.peakRssBytes(c.pid())).orElse(-1L);
  }

  @Override
  public String rssScope() {
    return "Varnish's cache child (the manager process excluded; malloc storage holds the objects in RAM)";
  }

  private Optional<ProcessHandle> cacheChild() {
    return process.handle().children().findFirst();
  }

  @Override
  public void close() {
    process.close();
  }
}
