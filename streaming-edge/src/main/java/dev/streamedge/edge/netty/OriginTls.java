package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.tls.CertifiedKey;
import dev.streamedge.edge.tls.HandshakeFailures;
import dev.streamedge.edge.tls.TlsMaterialException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS to {@code https://} origins: one client context per origin, trusting the system's CAs or the
 * origin's {@code caFile}, with SNI and RFC 6125 host name verification ({@code HTTPS} endpoint
 * identification) against the origin URL's host. Contexts are built at start-up (a bad
 * {@code caFile} is a configuration error, and no file is read on an event loop later).
 *
 * <p>A connection is handed to its exchange only once the handshake succeeded. A failed handshake
 * is a 502 naming the origin and the reason (untrusted, expired, wrong name…), a handshake that does
 * not finish within the origin's {@code connectTimeout} a 504; neither is retried as a stale
 * pooled connection would be, since another attempt would meet the same certificate.
 */
final class OriginTls {
  private static final Logger log = LoggerFactory.getLogger(OriginTls.class);

  private final Map<String, SslContext> contexts;

  private OriginTls(Map<String, SslContext> contexts) {
    this.contexts = contexts;
  }

  /**
   * Builds the contexts of every https origin (blocking: reads {@code caFile}s).
   *
   * @throws ConfigException naming {@code distribution.origins[i].caFile} when it cannot be used
   */
  static OriginTls of(List<Origin> origins, SslProvider provider) {
    Map<String, SslContext> contexts = new HashMap<>();
    for (int i = 0; i < origins.size(); i++) {
      Origin o = origins.get(i);
      if (!o.tls()) {
        continue;
      }
      String key = "distribution.origins[" + i + "].caFile";
      X509Certificate[] trusted = null;
      if (o.caFile() != null) {
        try {
          trusted = CertifiedKey.readChain(Files.readString(o.caFile(), StandardCharsets.US_ASCII))
              .toArray(new X509Certificate[0]);
        } catch (IOException e) {
          throw new ConfigException(key, "cannot read " + o.caFile() + ": " + e);
        } catch (TlsMaterialException e) {
          throw new ConfigException(key, o.caFile() + ": " + e.getMessage());
        }
      }
      try {
        contexts.put(o.id(), SslContextBuilder.forClient()
            .sslProvider(provider)
            .protocols("TLSv1.3", "TLSv1.2")
            .trustManager(trusted) // null: the JDK's default trust store
            .endpointIdentificationAlgorithm("HTTPS")
            .build());
      } catch (SSLException e) {
        throw new ConfigException(key, "cannot set up TLS for origin '" + o.id() + "': " + e.getMessage());
      }
    }
    return new OriginTls(contexts);
  }

  /** The handler that opens a new connection to {@code origin} with TLS (SNI = the URL's host). */
  SslHandler newHandler(Origin origin, ByteBufAllocator alloc) {
    SslContext context = contexts.get(origin.id());
    if (context == null) {
      throw new IllegalStateException("origin '" + origin.id() + "' has no TLS context");
    }
    String host = origin.host();
    SslHandler h = context.newHandler(alloc, host, origin.port());
    h.setHandshakeTimeoutMillis(Math.max(1, origin.connectTimeout().toMillis()));
    if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
      // Netty sends SNI only for dotted names; an origin named "origin" or "localhost" may pick its
      // certificate by SNI too (RFC 6066 §3 forbids only IP literals).
      try {
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(host)));
        engine.setSSLParameters(p);
      } catch (IllegalArgumentException e) {
        log.debug("origin {}: no SNI for host '{}': {}", origin.id(), host, e.getMessage());
      }
    }
    return h;
  }

  /**
   * Waits for the handshake of a just-connected {@code ch}, then hands it to {@code callback}: the
   * connection, or the error the viewer gets.
   */
  static void awaitHandshake(Channel ch, Origin origin, OriginClient.Callback callback) {
    SslHandler ssl = ch.pipeline().get(SslHandler.class);
    ssl.handshakeFuture().addListener((Future<Channel> f) -> {
      if (f.isSuccess()) {
        callback.connected(ch, false);
        return;
      }
      ch.close();
      Throwable cause = f.cause();
      String address = origin.host() + ":" + origin.port();
      if (cause instanceof SslHandshakeTimeoutException) {
        log.warn("origin {} at {}: no TLS handshake within {} ms", origin.id(), address, origin.connectTimeout().toMillis());
        callback.failed(new EdgeError(504, "origin '" + origin.id() + "' did not complete a TLS handshake at "
            + address + " within " + origin.connectTimeout().toMillis() + " ms"));
        return;
      }
      String reason = HandshakeFailures.describe(cause);
      log.warn("origin {} at {}: TLS handshake failed: {}", origin.id(), address, reason);
      callback.failed(new EdgeError(502, "origin '" + origin.id() + "' TLS handshake failed: " + reason));
    });
    ch.read(); // auto-read is off: the handshake needs the origin's answer
  }
}
