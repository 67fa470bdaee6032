package dev.streamedge.edge.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A single-member etcd on loopback, started from the installed binary (Debian's
 * {@code etcd-server}: {@code /usr/bin/etcd}) for the demo, the benchmarks and the tests: free
 * ports, its own data directory, and signals sent to its PID only (stop, SIGSTOP/SIGCONT to
 * freeze and thaw, wipe = stop + delete the data + start).
 */
public final class LocalEtcd implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  private LocalEtcd(Path binary, Path dir, int clientPort, int peerPort) {
    this.binary = binary;
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** The etcd binary: {@code /usr/bin/etcd}, else {@code etcd} on the PATH; empty when not installed. */
  public static Optional<Path> binary() {
    Path debian = Path.of("/usr/bin/etcd");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(d, "etcd");
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts etcd with its data and log under {@code dir} and waits until it is healthy.
   *
   * @throws IllegalStateException when etcd is not installed or does not become healthy in 20 s
   */
  public static LocalEtcd start(Path dir) {
    Path bin = binary().orElseThrow(() -> new IllegalStateException("etcd is not installed (apt-get install etcd-server)"));
    LocalEtcd e = new LocalEtcd(bin, dir, freePort(), freePort());
    e.launch();
    return e;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  public List<URI> endpoints() {
    return List.of(endpoint());
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return dir.resolve("etcd.log");
  }

  private Path dataDir() {
    return dir.resolve("etcd-data");
  }

  private void launch() {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    try {
      Files.createDirectories(dir);
      process = new ProcessBuilder(binary.toString(), "--name", "local", "--data-dir", dataDir().toString(),
          "--listen-client-urls", client, "--advertise-client-urls", client,
          "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
          "--initial-cluster", "local=" + peer, "--initial-cluster-state", "new")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!healthy(http, client)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see " + logFile());
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException("etcd did not become healthy at " + client + " within 20 s; see " + logFile());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static boolean healthy(HttpClient http, String client) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(client + "/health"))
          .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("true");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void signal(String sig) {
    try {
      Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
      if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** SIGSTOP: etcd keeps its sockets open and answers nothing (a hung, not a dead, etcd). */
  public void freeze() {
    signal("STOP");
  }

  /** SIGCONT. */
  public void thaw() {
    signal("CONT");
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Stops etcd (SIGTERM, SIGKILL after 10 s). */
  public void stop() {
    if (!running()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops and starts again on the same data and ports. */
  public void restart() {
    stop();
    launch();
  }

  /** Stops, deletes every key and revision, starts empty on the same ports. */
  public void wipe() {
    stop();
    try (Stream<Path> files = Files.walk(dataDir())) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    launch();
  }

  @Override
  public void close() {
    if (running()) {
      signal("CONT"); // a stopped process ignores SIGTERM until it runs again
      stop();
    }
  }
}
