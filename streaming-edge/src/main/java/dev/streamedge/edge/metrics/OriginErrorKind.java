package dev.streamedge.edge.metrics;

import java.util.Locale;

/** Why an origin attempt failed: the {@code kind} label of {@code streamedge_origin_errors_total}. */
public enum OriginErrorKind {
  /** Connection refused or unreachable. */
  CONNECT,
  /** No connection within connectTimeout (after every attempt). */
  CONNECT_TIMEOUT,
  /** The origin's name did not resolve. */
  DNS,
  /** No response start within readTimeout, or the body stalled. */
  TIMEOUT,
  /** The connection closed or reset before the response was complete. */
  RESET,
  /** A response that broke HTTP (unparseable head, bad framing, oversized header). */
  INVALID_RESPONSE,
  /** A response status that counts as a failure (a failover status or a 5xx). */
  STATUS,
  /** A mid-body continuation found a different object (validators changed). */
  CHANGED;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }
}
