package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class NettyHeadersTest {
  @Test
  void aStandardReasonIsNettysConstantAndAnyOtherIsKept() {
    assertThat(NettyHeaders.status(200, "OK")).isSameAs(HttpResponseStatus.OK);
    assertThat(NettyHeaders.status(206, "Partial Content")).isSameAs(HttpResponseStatus.PARTIAL_CONTENT);
    HttpResponseStatus custom = NettyHeaders.status(200, "Fine");
    assertThat(custom.code()).isEqualTo(200);
    assertThat(custom.reasonPhrase()).isEqualTo("Fine");
    HttpResponseStatus unknown = NettyHeaders.status(299, "Odd");
    assertThat(unknown.code()).isEqualTo(299);
    assertThat(unknown.reasonPhrase()).isEqualTo("Odd");
  }

  @Test
  void copyIntoExceptLeavesOutTheNamedFieldsInAnyCase() {
    HttpFields fields = HttpFields.of("Content-Type", "video/mp2t", "content-length", "5", "ETag", "\"a\"",
        "CONTENT-RANGE", "bytes 0-4/10", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
    HttpHeaders out = new DefaultHttpHeaders();
    NettyHeaders.copyIntoExcept(fields, out, "Content-Length", "Content-Range");
    assertThat(out.names()).containsExactlyInAnyOrder("Content-Type", "ETag", "Set-Cookie");
    assertThat(out.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
  }
}
