package dev.streamedge.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HopByHopTest {
  @Test
  void stripsFixedSetAndFieldsNamedByConnection() {
    HttpFields in = HttpFields.of(
        "Connection", "keep-alive, X-Secret",
        "Keep-Alive", "timeout=5",
        "Transfer-Encoding", "chunked",
        "X-Secret", "1",
        "TE", "trailers",
        "Upgrade", "websocket",
        "Proxy-Authorization", "Basic x",
        "Content-Type", "video/mp2t",
        "Cache-Control", "max-age=1");
    HttpFields out = HopByHop.strip(in);
    assertThat(out.asList()).extracting(HttpFields.Field::name).containsExactly("Content-Type", "Cache-Control");
  }

  @Test
  void unchangedFieldsAreTheSameInstance() {
    HttpFields in = HttpFields.of("A", "1");
    assertThat(HopByHop.strip(in)).isSameAs(in);
  }

  @Test
  void contentLengthRules() {
    assertThat(HttpFieldValues.contentLength(HttpFields.of())).isEqualTo(-1);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("Content-Length", "42"))).isEqualTo(42);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("Content-Length", "42, 42"))).isEqualTo(42);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("Content-Length", "42", "Content-Length", "43"))).isEqualTo(-2);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("Content-Length", "-1"))).isEqualTo(-2);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("Content-Length", "99999999999999999999"))).isEqualTo(-2);
    assertThat(HttpFieldValues.contentLength(HttpFields.of("content-length", "21474836480"))).isEqualTo(21474836480L);
  }
}
