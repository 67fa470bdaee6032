package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.EdgeSettings;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake, builds the connection's HTTP pipeline for the protocol ALPN chose
 * (RFC 7301; {@code http/1.1} when the client offered none):
 *
 * <ul>
 *   <li>{@code http/1.1}: the plain listener's pipeline (time limits, codec, 100-continue, one
 *       message per read) ending in a {@link ViewerHandler} with scheme {@code https}.
 *   <li>{@code h2}: {@link Http2FrameCodec} and {@link Http2MultiplexHandler}; each stream is a
 *       child channel set up by {@link Http2Streams}, so a stream is one request through the same
 *       {@link ViewerHandler}, and its writability follows HTTP/2 flow control. The connection reads
 *       freely (frames are small; the streams' bodies are held back by their own windows).
 * </ul>
 */
final class AlpnSetup extends ApplicationProtocolNegotiationHandler {
  private static final Logger log = LoggerFactory.getLogger(AlpnSetup.class);
  /** RFC 9113 §6.5.2 recommends at least 100; CloudFront allows 128. */
  static final int MAX_CONCURRENT_STREAMS = 100;
  /**
   * The window a viewer may fill per stream with an upload before the edge has taken it; the
   * connection window grows by twice this minus the default (Http2FrameCodec), to about 192 KiB.
   * Bounds the memory request bodies can hold.
   */
  static final int INITIAL_WINDOW = 128 << 10;
  /** How long streams in flight get after a GOAWAY when the edge shuts down. */
  static final long GRACEFUL_SHUTDOWN_MILLIS = 10_000;

  private final EdgeRuntime rt;

  AlpnSetup(EdgeRuntime rt) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.rt = rt;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.read(); // auto-read is off: ask for the ClientHello
    super.channelActive(ctx);
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    EdgeSettings.ViewerLimits limits = rt.settings().limits();
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      Http2FrameCodec codec = Http2ServerCodec.build(Http2Settings.defaultSettings()
              .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
              .maxHeaderListSize(limits.maxHeaderSize())
              .initialWindowSize(INITIAL_WINDOW),
          GRACEFUL_SHUTDOWN_MILLIS);
      ctx.pipeline()
          // Many streams flush into one connection: batch those flushes into fewer, fuller TLS records.
          .addLast("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
          .addLast("h2", codec)
          .addLast("h2-streams", new Http2MultiplexHandler(new Http2Streams(rt)))
          .addLast("h2-idle", new Http2ConnectionIdle(codec.connection(), limits.idleTimeout().toNanos()));
      ctx.channel().config().setAutoRead(true);
      return;
    }
    if (!ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
      throw new IllegalStateException("unexpected ALPN protocol " + protocol);
    }
    EdgeServer.addHttp1Viewer(ctx.pipeline(), rt, "https");
    // The connection became active before these handlers existed: start them now (idle timer, first read).
    ctx.fireChannelActive();
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    // Scanners, old clients, a client that does not trust the certificate: routine, not an edge fault.
    log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    boolean handshake = cause instanceof DecoderException && cause.getCause() instanceof SSLException;
    if (!handshake && (cause instanceof DecoderException || cause instanceof IOException)) {
      // Not TLS at all (plain HTTP to this port), or the peer went away mid-handshake.
      log.debug("TLS connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }
}
