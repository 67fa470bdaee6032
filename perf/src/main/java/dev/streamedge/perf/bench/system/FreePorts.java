package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port that is free now, for servers that must be told their port in a config file
 * (nginx, varnishd). Another process could take it before the server binds; the server then fails
 * to start with a clear error, which on a loopback test machine is rare enough.
 */
final class FreePorts {
  private FreePorts() {}

  static int next() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
