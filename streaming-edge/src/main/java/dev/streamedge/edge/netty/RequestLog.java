package dev.streamedge.edge.netty;

import dev.streamedge.edge.accesslog.AccessLogWriter;
import dev.streamedge.edge.accesslog.AccessRecord;
import dev.streamedge.edge.accesslog.EdgeResult;
import dev.streamedge.edge.accesslog.FailureKind;
import dev.streamedge.edge.accesslog.ProtocolVersion;
import dev.streamedge.edge.accesslog.ResponseSource;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import dev.streamedge.edge.metrics.EdgeMetrics;
import dev.streamedge.edge.range.ContentRange;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The lifecycle's last stage, Log: one access-log record and one metrics update per request, from
 * what the request was and what {@link ResponseObserver} saw go out. Never blocks: the record is
 * offered to the bounded asynchronous writer (dropped and counted when it is full).
 */
final class RequestLog {
  private final AccessLogWriter writer;
  private final EdgeMetrics metrics;
  private final String distributionHost;

  RequestLog(AccessLogWriter writer, EdgeMetrics metrics, String distributionHost) {
    this.writer = writer;
    this.metrics = metrics;
    this.distributionHost = distributionHost;
  }

  /** What the Log stage needs of a request. */
  static final class Entry {
    final long startNanos = System.nanoTime();
    final long startMillis;
    final RequestHead head;
    final long requestBytes;
    String behavior = "default";
    boolean done;

    Entry(long startMillis, RequestHead head, long requestBytes) {
      this.startMillis = startMillis;
      this.head = head;
      this.requestBytes = requestBytes;
    }
  }

  /** The request as received (query and all, signing parameters included: it is what came in). */
  static RequestHead head(String method, String uri, String protocol, HttpFields headers, InetSocketAddress client,
      String scheme) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.isEmpty()) {
      path = "/";
    }
    return new RequestHead(method, path, q < 0 ? null : uri.substring(q + 1), protocol, headers, client, scheme);
  }

  static long requestBytes(String method, String uri, HttpFields headers) {
    long n = method.length() + uri.length() + 12;
    for (HttpFields.Field f : headers.asList()) {
      n += f.name().length() + f.value().length() + 4;
    }
    return n + 2;
  }

  /** Records the request once; {@code failure} says how it ended when it did not end well. */
  void finish(Entry e, ResponseObserver r, FailureKind failure, long requestBodyBytes) {
    if (e == null || e.done) {
      return;
    }
    e.done = true;
    long now = System.nanoTime();
    int status = r.status;
    EdgeResult result = EdgeResult.classify(status, source(r.cacheResult), failure);
    long bytes = r.headerBytes + r.bodyBytes;
    if (metrics != null) {
      metrics.behavior(e.behavior).recordRequest(status, result, ProtocolVersion.of(e.head.protocol()), bytes);
    }
    if (writer == null) {
      return;
    }
    AccessRecord.Builder b = AccessRecord.builder()
        .request(e.head)
        .timestampMillis(e.startMillis)
        .status(status)
        .result(result)
        .responseBytes(bytes)
        .requestBytes(e.requestBytes + requestBodyBytes)
        .timeTakenNanos(now - e.startNanos)
        .timeToFirstByteNanos(r.firstByteNanos == 0 ? now - e.startNanos : r.firstByteNanos - e.startNanos)
        .requestId(r.requestId)
        .distributionHost(distributionHost != null ? distributionHost : e.head.headers().get("Host"))
        .contentType(r.contentType)
        .contentLength(r.contentLength);
    if (r.contentRange != null) {
      Optional<ContentRange> cr = ContentRange.parse(r.contentRange);
      if (cr.isPresent() && !cr.get().isUnsatisfied()) {
        b.range(cr.get().first(), cr.get().last());
      }
    }
    writer.offer(b.build());
  }

  private static ResponseSource source(String xcache) {
    if (xcache == null) {
      return ResponseSource.EDGE;
    }
    if (xcache.startsWith("Hit")) {
      return ResponseSource.CACHE;
    }
    if (xcache.startsWith("RefreshHit")) {
      return ResponseSource.REVALIDATED;
    }
    if (xcache.startsWith("Miss")) {
      return ResponseSource.ORIGIN;
    }
    if (xcache.startsWith("Redirect")) {
      return ResponseSource.EDGE_REDIRECT;
    }
    return ResponseSource.EDGE;
  }
}
