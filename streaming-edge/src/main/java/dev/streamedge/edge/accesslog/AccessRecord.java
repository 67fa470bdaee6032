package dev.streamedge.edge.accesslog;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the log says about one request: plain values the request path fills in, formatted later
 * off the request path by {@link CloudFrontLogFormat}. Components follow CloudFront's field order;
 * the comment on each names the field. Fields not listed here are per node or constant:
 * {@code x-edge-location} comes from the writer's settings, {@code fle-status} and {@code
 * fle-encrypted-fields} are always {@code -} (no field-level encryption).
 *
 * <p>Strings may be null or empty (logged as {@code -}) and are taken as received on the wire:
 * path and query still percent-encoded, header values as the HTTP decoder hands them over (one char
 * per byte, ISO-8859-1, which is what Netty produces). The formatter escapes them the way CloudFront
 * does; never pre-escape.
 *
 * <p>Times: {@code timestampMillis} is epoch milliseconds (UTC) when the last byte was written;
 * durations are nanoseconds measured from the moment the request head was received. Negative
 * numbers mean "not known / not applicable" and are logged as {@code -}.
 *
 * @param timestampMillis {@code date} and {@code time}: when the edge finished responding
 * @param responseBytes {@code sc-bytes}: bytes sent to the viewer, headers included
 * @param clientIp {@code c-ip}: the peer address ({@code InetAddress.getHostAddress()})
 * @param method {@code cs-method}
 * @param distributionHost {@code cs(Host)}: the distribution's own domain name (the public base
 *     URL's host); the lead may pass the Host header when none is configured
 * @param path {@code cs-uri-stem}: the raw path, without query
 * @param status {@code sc-status}; 0 when no response was sent (logged {@code 000})
 * @param referer {@code cs(Referer)}
 * @param userAgent {@code cs(User-Agent)}
 * @param query {@code cs-uri-query}: the raw query without '?', or null
 * @param cookie {@code cs(Cookie)}: the Cookie header; logged only when the writer's settings say so
 * @param result {@code x-edge-result-type}, {@code x-edge-response-result-type} and {@code
 *     x-edge-detailed-result-type}
 * @param requestId {@code x-edge-request-id}: the id sent as {@code X-Edge-Request-Id}
 * @param hostHeader {@code x-host-header}: the Host header the viewer sent
 * @param scheme {@code cs-protocol}: {@code http} or {@code https}
 * @param requestBytes {@code cs-bytes}: bytes the viewer sent, headers included
 * @param timeTakenNanos {@code time-taken}: request received → last byte written
 * @param forwardedFor {@code x-forwarded-for}: the X-Forwarded-For header when a proxy sent it
 * @param tlsProtocol {@code ssl-protocol}, e.g. {@code TLSv1.3}; null for plain HTTP
 * @param tlsCipher {@code ssl-cipher} in OpenSSL naming, e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param protocolVersion {@code cs-protocol-version}
 * @param clientPort {@code c-port}: the viewer's source port
 * @param timeToFirstByteNanos {@code time-to-first-byte}: request received → first response byte
 *     written; negative when nothing was written
 * @param contentType {@code sc-content-type}: the response's Content-Type
 * @param contentLength {@code sc-content-len}: the response's Content-Length; negative when none
 * @param rangeStart {@code sc-range-start}: first byte of the response's Content-Range; negative
 *     when the response has no Content-Range
 * @param rangeEnd {@code sc-range-end}: last byte (inclusive) of the Content-Range; negative when none
 */
public record AccessRecord(
    long timestampMillis,
    long responseBytes,
    String clientIp,
    String method,
    String distributionHost,
    String path,
    int status,
    String referer,
    String userAgent,
    String query,
    String cookie,
    EdgeResult result,
    String requestId,
    String hostHeader,
    String scheme,
    long requestBytes,
    long timeTakenNanos,
    String forwardedFor,
    String tlsProtocol,
    String tlsCipher,
    ProtocolVersion protocolVersion,
    int clientPort,
    long timeToFirstByteNanos,
    String contentType,
    long contentLength,
    long rangeStart,
    long rangeEnd) {
  public AccessRecord {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(protocolVersion, "protocolVersion");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fills an {@link AccessRecord} by name; numbers that are "not known" default to -1, strings to
   * null, the result to Miss, the protocol to HTTP/1.1 and the scheme to http. Not thread-safe;
   * one per request.
   */
  public static final class Builder {
    private long timestampMillis;
    private long responseBytes;
    private String clientIp;
    private String method;
    private String distributionHost;
    private String path;
    private int status;
    private String referer;
    private String userAgent;
    private String query;
    private String cookie;
    private EdgeResult result = EdgeResult.MISS;
    private String requestId;
    private String hostHeader;
    private String scheme = "http";
    private long requestBytes;
    private long timeTakenNanos;
    private String forwardedFor;
    private String tlsProtocol;
    private String tlsCipher;
    private ProtocolVersion protocolVersion = ProtocolVersion.HTTP_1_1;
    private int clientPort = -1;
    private long timeToFirstByteNanos = -1;
    private String contentType;
    private long contentLength = -1;
    private long rangeStart = -1;
    private long rangeEnd = -1;

    private Builder() {}

    /**
     * Fills the request-side fields from the lifecycle's request head: method, path, query, scheme,
     * protocol version, client address and port, and the Host, User-Agent, Referer, Cookie and
     * X-Forwarded-For headers (several Cookie lines are joined with "; ", as HTTP/2 splits them).
     */
    public Builder request(RequestHead head) {
      Objects.requireNonNull(head, "head");
      method = head.method();
      path = head.path();
      query = head.rawQuery();
      scheme = head.scheme();
      protocolVersion = ProtocolVersion.of(head.protocol());
      InetSocketAddress client = head.client();
      if (client != null) {
        clientIp = client.getAddress() != null ? client.getAddress().getHostAddress() : client.getHostString();
        clientPort = client.getPort();
      }
      HttpFields h = head.headers();
      hostHeader = h.get("Host");
      userAgent = h.get("User-Agent");
      referer = h.get("Referer");
      forwardedFor = h.combined("X-Forwarded-For");
      List<String> cookies = h.all("Cookie");
      cookie = cookies.isEmpty() ? null : cookies.size() == 1 ? cookies.get(0) : String.join("; ", cookies);
      return this;
    }

    public Builder timestampMillis(long v) {
      this.timestampMillis = v;
      return this;
    }

    public Builder responseBytes(long v) {
      this.responseBytes = v;
      return this;
    }

    public Builder clientIp(String v) {
      this.clientIp = v;
      return this;
    }

    public Builder method(String v) {
      this.method = v;
      return this;
    }

    public Builder distributionHost(String v) {
      this.distributionHost = v;
      return this;
    }

    public Builder path(String v) {
      this.path = v;
      return this;
    }

    public Builder status(int v) {
      this.status = v;
      return this;
    }

    public Builder referer(String v) {
      this.referer = v;
      return this;
    }

    public Builder userAgent(String v) {
      this.userAgent = v;
      return this;
    }

    public Builder query(String v) {
      this.query = v;
      return this;
    }

    public Builder cookie(String v) {
      this.cookie = v;
      return this;
    }

    public Builder result(EdgeResult v) {
      this.result = v;
      return this;
    }

    public Builder requestId(String v) {
      this.requestId = v;
      return this;
    }

    public Builder hostHeader(String v) {
      this.hostHeader = v;
      return this;
    }

    public Builder scheme(String v) {
      this.scheme = v;
      return this;
    }

    public Builder requestBytes(long v) {
      this.requestBytes = v;
      return this;
    }

    public Builder timeTakenNanos(long v) {
      this.timeTakenNanos = v;
      return this;
    }

    public Builder forwardedFor(String v) {
      this.forwardedFor = v;
      return this;
    }

    public Builder tlsProtocol(String v) {
      this.tlsProtocol = v;
      return this;
    }

    public Builder tlsCipher(String v) {
      this.tlsCipher = v;
      return this;
    }

    public Builder protocolVersion(ProtocolVersion v) {
      this.protocolVersion = v;
      return this;
    }

    public Builder clientPort(int v) {
      this.clientPort = v;
      return this;
    }

    public Builder timeToFirstByteNanos(long v) {
      this.timeToFirstByteNanos = v;
      return this;
    }

    public Builder contentType(String v) {
      this.contentType = v;
      return this;
    }

    public Builder contentLength(long v) {
      this.contentLength = v;
      return this;
    }

    /** The response's Content-Range {@code first-last} (inclusive). */
    public Builder range(long first, long last) {
      this.rangeStart = first;
      this.rangeEnd = last;
      return this;
    }

    public AccessRecord build() {
      return new AccessRecord(timestampMillis, responseBytes, clientIp, method, distributionHost, path,
          status, referer, userAgent, query, cookie, result, requestId, hostHeader, scheme, requestBytes,
          timeTakenNanos, forwardedFor, tlsProtocol, tlsCipher, protocolVersion, clientPort,
          timeToFirstByteNanos, contentType, contentLength, rangeStart, rangeEnd);
    }
  }
}
