package dev.streamedge.edge.cluster;

/**
 * An etcd call that failed or timed out. A write may still land later: retry it with the same
 * caller reference (invalidations are idempotent by it).
 */
public final class EtcdUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EtcdUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
