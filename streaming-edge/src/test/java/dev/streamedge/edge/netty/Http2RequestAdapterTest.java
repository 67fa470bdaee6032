package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An HTTP/2 stream's request, as the viewer handler sees it: shaped like an HTTP/1.1 one. */
class Http2RequestAdapterTest {
  private static EmbeddedChannel stream() {
    return new EmbeddedChannel(new Http2StreamFrameToHttpObjectCodec(true), new Http2RequestAdapter());
  }

  private static Http2Headers get(String path) {
    return new DefaultHttp2Headers().method("GET").scheme("https").authority("cdn.example.com").path(path)
        .add("cookie", "a=1").add("cookie", "b=2");
  }

  @Test
  void aRequestWithoutBodyIsAHeadThenAnEmptyEnd() {
    EmbeddedChannel ch = stream();
    ch.writeInbound(new DefaultHttp2HeadersFrame(get("/v/seg1.ts?x=1"), true));
    HttpRequest head = ch.readInbound();
    assertThat(head).isNotInstanceOf(HttpContent.class);
    assertThat(head.protocolVersion().text()).isEqualTo("HTTP/2.0");
    assertThat(head.method().name()).isEqualTo("GET");
    assertThat(head.uri()).isEqualTo("/v/seg1.ts?x=1");
    assertThat(head.headers().get("Host")).isEqualTo("cdn.example.com");
    assertThat(head.headers().getAll("Cookie")).containsExactly("a=1; b=2");
    assertThat(head.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("x-http2-"));
    LastHttpContent end = ch.readInbound();
    assertThat(end.content().readableBytes()).isZero();
    end.release();
    assertThat((Object) ch.readInbound()).isNull();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void aBodyStreamsAsContentPieces() {
    EmbeddedChannel ch = stream();
    Http2Headers h = new DefaultHttp2Headers().method("POST").scheme("https").authority("cdn.example.com").path("/up");
    ch.writeInbound(new DefaultHttp2HeadersFrame(h, false));
    ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII), false));
    ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("def", StandardCharsets.US_ASCII), true));
    HttpRequest head = ch.readInbound();
    assertThat(head.protocolVersion().text()).isEqualTo("HTTP/2.0");
    assertThat(head.headers().get("Transfer-Encoding")).as("no length: a body of unknown size").isEqualTo("chunked");
    HttpContent first = ch.readInbound();
    assertThat(first).isInstanceOf(DefaultHttpContent.class);
    ByteBuf b = first.content();
    assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    first.release();
    LastHttpContent last = ch.readInbound();
    assertThat(last.content().toString(StandardCharsets.US_ASCII)).isEqualTo("def");
    last.release();
    assertThat(first.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }
}
