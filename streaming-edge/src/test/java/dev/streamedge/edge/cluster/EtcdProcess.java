package dev.streamedge.edge.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** A real etcd for a test ({@link LocalEtcd}); the test is skipped when etcd is not installed. */
final class EtcdProcess implements AutoCloseable {
  private final LocalEtcd etcd;

  private EtcdProcess(LocalEtcd etcd) {
    this.etcd = etcd;
  }

  static EtcdProcess start(Path dir) {
    Assumptions.assumeTrue(LocalEtcd.binary().isPresent(), "etcd is not installed (apt-get install etcd-server)");
    return new EtcdProcess(LocalEtcd.start(dir));
  }

  URI endpoint() {
    return etcd.endpoint();
  }

  List<URI> endpoints() {
    return etcd.endpoints();
  }

  void freeze() {
    etcd.freeze();
  }

  void thaw() {
    etcd.thaw();
  }

  void stop() {
    etcd.stop();
  }

  void restart() {
    etcd.restart();
  }

  void wipe() {
    etcd.wipe();
  }

  @Override
  public void close() {
    etcd.close();
  }
}
