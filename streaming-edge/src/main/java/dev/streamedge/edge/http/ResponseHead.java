package dev.streamedge.edge.http;

import java.util.Objects;

/** A response's status line and fields, without its body. */
public record ResponseHead(int status, String reason, HttpFields headers) {
  public ResponseHead {
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status);
    }
  }

  /** Statuses that never carry a body (RFC 9110 §6.4.1). */
  public boolean bodyless() {
    return status < 200 || status == 204 || status == 304;
  }

  /** The Content-Length, -1 when absent, -2 when present but invalid (several different values, junk). */
  public long contentLength() {
    return HttpFieldValues.contentLength(headers);
  }
}
