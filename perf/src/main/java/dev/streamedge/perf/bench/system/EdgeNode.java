package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The streamedge edge in its own JVM ({@code EdgeCli edge --config}), configured from {@code
 * perf/conf/edge.yaml}, so the load generators never share its heap or its CPU accounting. It
 * listens for HTTP and, with the run's {@link LoopbackCertificate}, for HTTPS (HTTP/2 or HTTP/1.1 by
 * ALPN) in front of the same cache.
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

  /** What the edge logs when its HTTPS listener is up: "... (HTTP/2 and HTTP/1.1, TLS by BoringSSL)". */
  private static final Pattern TLS_BY = Pattern.compile("TLS by (\\w+)");

  private final ChildProcess process;
  private final Path logFile;
  private final int port;
  private final int tlsPort;

  private EdgeNode(ChildProcess process, Path logFile, int port, int tlsPort) {
    this.process = process;
    this.logFile = logFile;
    this.port = port;
    this.tlsPort = tlsPort;
  }

  public static EdgeNode start(Setup setup, Launch launch) {
    Path dir = setup.runDir().resolve("edge");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.next();
    int tlsPort = FreePorts.next();
    LoopbackCertificate cert = LoopbackCertificate.in(setup.runDir().resolve("tls"));
    Path config = ConfigTemplate.read(setup.confDir().resolve("edge.yaml")).renderTo(dir.resolve("edge.yaml"),
        Map.of("port", Integer.toString(port), "tlsPort", Integer.toString(tlsPort), "dir", dir.toString(),
            "certFile", cert.certFile().toString(), "keyFile", cert.keyFile().toString(),
            "filesOrigin", Setup.hostPort(setup.filesOrigin()), "benchOrigin", Setup.hostPort(setup.benchOrigin())));
    List<String> cmd = new ArrayList<>();
    cmd.add(launch.java().toString());
    cmd.addAll(launch.jvmOptions());
    if (launch.logbackConfig() != null) {
      cmd.add("-Dlogback.configurationFile=" + launch.logbackConfig());
    }
    cmd.addAll(List.of("-cp", launch.classpath(), "dev.streamedge.edge.cli.EdgeCli", "edge", "--config", config.toString()));
    Path logFile = dir.resolve("edge.log");
    ChildProcess p = ChildProcess.start("edge", cmd, logFile);
    try {
      p.awaitPort(port, Duration.ofSeconds(60));
      p.awaitPort(tlsPort, Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new EdgeNode(p, logFile, port, tlsPort);
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
  public Optional<URI> httpsBaseUri() {
    return Optional.of(URI.create("https://127.0.0.1:" + tlsPort));
  }

  /**
   * Which TLS implementation the edge's HTTPS listener uses, as it logged at startup ({@code
   * BoringSSL} from netty-tcnative, or the JDK's); empty if the log does not say.
   */
  public Optional<String> tlsImplementation() {
    try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
      return lines.map(TLS_BY::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
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
