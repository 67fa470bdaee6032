package dev.streamedge.packager.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.packager.http.Body;
import dev.streamedge.packager.http.Content;
import dev.streamedge.packager.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection handler without sockets: order of pipelined answers, and no buffer left unreleased. */
class RequestHandlerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static EmbeddedChannel channel() {
    return channel(Runnable::run);
  }

  private static EmbeddedChannel channel(java.util.concurrent.Executor worker) {
    ServerState state = new ServerState(req -> {
      byte[] body = req.rawPath().getBytes(StandardCharsets.US_ASCII);
      return new Response(200, List.of(new Response.Header("Content-Length", Integer.toString(body.length))),
          new Body.Slice(new Content.BytesContent(body), 0, body.length));
    }, worker, CLOCK, "test", true);
    return new EmbeddedChannel(new RequestHandler(state));
  }

  private static List<Object> drain(EmbeddedChannel ch) {
    ch.runPendingTasks();
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      out.add(o);
    }
    return out;
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/first"),
        LastHttpContent.EMPTY_LAST_CONTENT,
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/second"), LastHttpContent.EMPTY_LAST_CONTENT);
    StringBuilder bodies = new StringBuilder();
    for (int round = 0; round < 4; round++) {
      for (Object o : drain(ch)) {
        if (o instanceof HttpResponse r) {
          assertThat(r.headers().get("Date")).isEqualTo("Wed, 01 Jan 2025 00:00:00 GMT");
          assertThat(r.headers().get("Server")).isEqualTo("test");
        }
        if (o instanceof ByteBuf b) {
          bodies.append(b.toString(StandardCharsets.US_ASCII)).append(' ');
        } else if (o instanceof HttpContent c) {
          bodies.append(c.content().toString(StandardCharsets.US_ASCII));
        }
        ReferenceCountUtil.release(o);
      }
    }
    assertThat(bodies.toString().trim()).isEqualTo("/first /second");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aResponseForAClosedConnectionIsReleased() {
    List<Runnable> queued = new ArrayList<>();
    EmbeddedChannel ch = channel(queued::add);
    ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/gone"));
    ch.close();
    queued.forEach(Runnable::run);
    assertThat(drain(ch)).isEmpty();
    ch.finishAndReleaseAll();
  }

  @Test
  void decodingFailureAnswers400AndCloses() {
    EmbeddedChannel ch = channel();
    DefaultHttpRequest bad = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    bad.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("bad")));
    ch.writeInbound(bad);
    List<Object> out = drain(ch);
    assertThat(((HttpResponse) out.get(0)).status().code()).isEqualTo(400);
    out.forEach(ReferenceCountUtil::release);
    assertThat(ch.isOpen()).isFalse();
  }
}
