package dev.streamedge.perf.bench.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The external programs the benchmark uses, found on {@code PATH} or in the sbin directories
 * (Debian puts nginx and varnishd in {@code /usr/sbin}, outside a normal user's PATH). A missing
 * one is named with the Debian package that provides it.
 */
public record Tools(Optional<Path> nginx, Optional<Path> varnishd, Optional<Path> wrk, Optional<Path> curl,
    Optional<Path> h2load) {

  /** Debian packages: {@code apt-get install nginx varnish wrk curl nghttp2-client}. */
  public static final String INSTALL_ALL = "apt-get install nginx varnish wrk curl nghttp2-client";

  public static Tools find() {
    return new Tools(which("nginx"), which("varnishd"), which("wrk"), which("curl"), which("h2load"));
  }

  /** One line per missing program: what it is for and how to install it. */
  public List<String> missing() {
    List<String> out = new ArrayList<>();
    if (nginx.isEmpty()) {
      out.add("nginx not found (the nginx column is skipped): apt-get install nginx");
    }
    if (varnishd.isEmpty()) {
      out.add("varnishd not found (the Varnish column is skipped): apt-get install varnish");
    }
    if (wrk.isEmpty()) {
      out.add("wrk not found (the hit and range rows are skipped): apt-get install wrk");
    }
    if (curl.isEmpty()) {
      out.add("curl not found (the 1 GiB row is skipped): apt-get install curl");
    }
    if (h2load.isEmpty()) {
      out.add("h2load not found (the HTTPS + HTTP/2 rows are skipped): apt-get install nghttp2-client");
    }
    return out;
  }

  static Optional<Path> which(String program) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(d);
        }
      }
    }
    dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String d : dirs) {
      Path p = Path.of(d, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
