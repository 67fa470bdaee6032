package dev.streamedge.packager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamedge.packager.config.PackagerConfig;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping lets a download in flight finish, then refuses new connections. */
class GracefulShutdownIT {
  @TempDir Path dir;

  @Test
  void downloadInFlightCompletesAndNewConnectionsAreRefused() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    long size = 128L << 20;
    try (RandomAccessFile f = new RandomAccessFile(files.resolve("big.bin").toFile(), "rw")) {
      f.setLength(size);
    }
    RunningPackager p = Packager.start(PackagerConfig.builder().listen("127.0.0.1:0").workDir(dir.resolve("work"))
        .filesDir(files).zeroCopy(false).shutdownGrace(Duration.ofSeconds(10)).build());
    URI base = p.baseUri();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/files/big.bin")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long read;
    try (InputStream in = r.body()) {
      byte[] buf = new byte[1 << 16];
      read = in.readNBytes(buf, 0, buf.length);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(p::close);
      for (int n; (n = in.read(buf)) > 0; ) {
        read += n;
      }
      stopping.get();
    }
    assertThat(read).isEqualTo(size);
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
    p.close();
  }
}
