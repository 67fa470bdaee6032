package dev.streamedge.edge.cluster;

import dev.streamedge.testkit.Await;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd for a test: {@code /usr/bin/etcd} (Debian's etcd-server) on loopback ports picked
 * free, a data directory under the test's temporary directory, stopped, frozen (SIGSTOP) and
 * thawed by its own PID only.
 */
final class EtcdProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/etcd");

  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private Process process;
  private int starts;

  private EtcdProcess(Path dir, int clientPort, int peerPort) {
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** Starts etcd, or skips the test when it is not installed. */
  static EtcdProcess start(Path dir) {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "etcd is not installed (apt-get install etcd-server)");
    EtcdProcess p = new EtcdProcess(dir, freePort(), freePort());
    p.launch();
    return p;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  List<URI> endpoints() {
    return List.of(endpoint());
  }

  long pid() {
    return process.pid();
  }

  private Path dataDir() {
    return dir.resolve("etcd-data");
  }

  private void launch() {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    ProcessBuilder b = new ProcessBuilder(BINARY.toString(), "--name", "test", "--data-dir", dataDir().toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "test=" + peer, "--initial-cluster-state", "new")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()));
    try {
      process = b.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    Await.until(Duration.ofSeconds(20), () -> {
      if (!process.isAlive()) {
        throw new AssertionError("etcd exited with " + process.exitValue() + "; see " + dir.resolve("etcd.log"));
      }
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
    }, "etcd healthy at " + client + " (start " + starts + ")");
  }

  private void signal(String sig) {
    try {
      Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
      if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new AssertionError("kill -" + sig + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGSTOP: etcd keeps its sockets open and answers nothing. */
  void freeze() {
    signal("STOP");
  }

  /** SIGCONT. */
  void thaw() {
    signal("CONT");
  }

  /** Stops etcd (SIGTERM, then SIGKILL after 10 s). */
  void stop() {
    if (process == null || !process.isAlive()) {
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
  void restart() {
    stop();
    launch();
  }

  /** Stops, deletes every key and revision (the data directory), starts empty on the same ports. */
  void wipe() {
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
    if (process != null && process.isAlive()) {
      thaw(); // a frozen etcd ignores SIGTERM until it runs again
      stop();
    }
  }
}
