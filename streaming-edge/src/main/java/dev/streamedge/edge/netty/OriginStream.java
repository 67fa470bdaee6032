package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.Origin;
import io.netty.channel.EventLoop;

/**
 * A response being received from an origin, as its consumer sees it: pull the next piece, or
 * stop. One member's fetch ({@link OriginFetch}) or a group's ({@link GroupFetch}), which may
 * switch members — even in the middle of the body — without the consumer noticing.
 */
interface OriginStream {
  /** Asks for more of the body. */
  void read();

  /** Stops; the response is dropped. Idempotent. */
  void cancel();

  boolean done();

  EventLoop loop();

  /** The origin currently answering. */
  Origin origin();

  /** The request as sent to the current origin. */
  dev.streamedge.edge.proxy.OriginRequest request();

  /** When the (first) request was sent, epoch millis: RFC 9111's request_time. */
  long requestSentAtMillis();

  /** Hands the rest of the response to another sink. */
  void sink(Sink s);

  /** Receives a response. All calls on {@link #loop()}. */
  interface Sink {
    /** The response head; body pieces follow after {@link OriginStream#read()}. */
    void onHead(OriginStream stream, int status, String reason, dev.streamedge.edge.http.HttpFields headers);

    /** A piece of the body; the sink owns {@code content}. {@code last} ends the body. */
    void onContent(OriginStream stream, io.netty.buffer.ByteBuf content, boolean last);

    /** The current socket read is done: a good moment to flush, then {@link OriginStream#read()}. */
    void onReadComplete(OriginStream stream);

    /**
     * The fetch failed. {@code beforeHead} is the error to answer with when no head was delivered
     * yet; otherwise null and the body is incomplete ({@code why} says how).
     */
    void onFailure(OriginStream stream, dev.streamedge.edge.proxy.EdgeError beforeHead, String why);
  }
}
