package dev.streamedge.perf.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One download over one connection with curl, the body discarded ({@code -o /dev/null}): what a
 * single fast viewer gets. curl discards at several GB/s here, well above what it measures. {@link
 * #overHttp2} makes the same check over HTTPS with HTTP/2.
 */
public final class CurlDownload {
  /**
   * @param status the HTTP status
   * @param bytes body bytes received
   * @param seconds from start to the last byte
   * @param headers the response header block, as received
   */
  public record Result(int status, long bytes, double seconds, String headers) {
    public double bytesPerSecond() {
      return seconds > 0 ? bytes / seconds : 0;
    }

    /** The protocol of the status line: {@code HTTP/1.1}, {@code HTTP/2}; "" if there was none. */
    public String protocol() {
      String first = headers.lines().findFirst().orElse("");
      int space = first.indexOf(' ');
      return space < 0 ? first.strip() : first.substring(0, space);
    }

    /** The first value of a response header (case-insensitive), or "" if absent. */
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : headers.split("\r?\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
      }
      return "";
    }
  }

  private final Path executable;
  private final List<String> options;

  public CurlDownload(Path executable) {
    this(executable, List.of());
  }

  private CurlDownload(Path executable, List<String> options) {
    this.executable = Objects.requireNonNull(executable, "executable");
    this.options = List.copyOf(options);
  }

  /**
   * curl over {@code https://} URLs asking for HTTP/2 by ALPN, without verifying the certificate
   * (the benchmark's servers use a self-signed one); {@link Result#protocol()} says what was used.
   */
  public static CurlDownload overHttp2(Path executable) {
    return new CurlDownload(executable, List.of("--http2", "-k"));
  }

  public Result get(URI url, List<String> requestHeaders, Duration timeout) {
    Path headerFile = null;
    try {
      headerFile = Files.createTempFile("bench-curl", ".headers");
      List<String> cmd = new java.util.ArrayList<>(List.of(executable.toString(), "-s", "-o", "/dev/null",
          "-D", headerFile.toString(), "-w", "%{http_code} %{size_download} %{time_total}",
          "--max-time", Long.toString(Math.max(1, timeout.toSeconds()))));
      cmd.addAll(options);
      for (String h : requestHeaders) {
        cmd.add("-H");
        cmd.add(h);
      }
      cmd.add(url.toString());
      ExternalCommand.Result r = ExternalCommand.run(cmd, timeout.plusSeconds(10));
      String[] parts = r.stdout().strip().split(" ");
      if (parts.length != 3) {
        throw new IllegalStateException("curl gave no result for " + url + " (exit " + r.exitCode() + "): "
            + r.stderr().strip());
      }
      String headers = Files.readString(headerFile, StandardCharsets.ISO_8859_1);
      return new Result(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Double.parseDouble(parts[2]), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (headerFile != null) {
        try {
          Files.deleteIfExists(headerFile);
        } catch (IOException ignored) {
          // harmless
        }
      }
    }
  }
}
