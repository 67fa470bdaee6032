package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The streamedge edge in its own JVM ({@code EdgeCli edge --config}), configured from {@code
 * perf/conf/edge.yaml}, so the load generators never share its heap or its CPU accounting.
 */
public final class EdgeNode implements SystemUnderTest {
  /**
   * How to start the edge's JVM.
   *
   * @param java the {@code java} executable
   * @param classpath the edge's runtime classpath
   * @param jvmOptions options before the main class (heap size, JFR)
   * @param logbackConfig the logback configuration, or null for logback's default
   */
  public record Launch(Path java, String classpath, List<String> jvmOptions, Path logbackConfig) {
    public Launch {
      Objects.requireNonNull(java, "java");
      Objects.requireNonNull(classpath, "classpath");
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  private final ChildProcess process;
  private final int port;

  private EdgeNode(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static EdgeNode start(Setup setup, Launch launch) {
    Path dir = setup.runDir().resolve("edge");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.next();
    Path config = ConfigTemplate.read(setup.confDir().resolve("edge.yaml")).renderTo(dir.resolve("edge.yaml"),
        Map.of("port", Integer.toString(port), "dir", dir.toString(),
            "filesOrigin", Setup.hostPort(setup.filesOrigin()), "benchOrigin", Setup.hostPort(setup.benchOrigin())));
    List<String> cmd = new ArrayList<>();
    cmd.add(launch.java().toString());
    cmd.addAll(launch.jvmOptions());
    if (launch.logbackConfig() != null) {
      cmd.add("-Dlogback.configurationFile=" + launch.logbackConfig());
    }
    cmd.addAll(List.of("-cp", launch.classpath(), "dev.streamedge.edge.cli.EdgeCli", "edge", "--config", config.toString()));
    ChildProcess p = ChildProcess.start("edge", cmd, dir.resolve("edge.log"));
    try {
      p.awaitPort(port, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new EdgeNode(p, port);
  }

  @Override
  public String name() {
    return "edge";
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public long servingPid() {
    return process.pid();
  }

  @Override
  public long peakRssBytes() {
    return ChildProcess.peakRssBytes(process.pid());
  }

  @Override
  public String rssScope() {
    return "the edge JVM";
  }

  @Override
  public void close() {
    process.close();
  }
}
