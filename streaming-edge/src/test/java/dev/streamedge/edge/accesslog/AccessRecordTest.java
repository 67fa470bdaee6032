package dev.streamedge.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AccessRecordTest {
  @Test
  void fillsTheRequestSideFromARequestHead() throws Exception {
    HttpFields headers = HttpFields.of("Host", "cdn.example.com", "User-Agent", "VLC/3.0.20", "Referer",
        "https://a.example/", "Cookie", "a=1", "Cookie", "CloudFront-Policy=x", "X-Forwarded-For", "203.0.113.9",
        "X-Forwarded-For", "198.51.100.1");
    RequestHead head = new RequestHead("GET", "/v/a%20b.ts", "x=1", "HTTP/2.0", headers,
        new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 40112), "https");
    AccessRecord r = AccessRecord.builder().request(head).status(200).build();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/v/a%20b.ts");
    assertThat(r.query()).isEqualTo("x=1");
    assertThat(r.scheme()).isEqualTo("https");
    assertThat(r.protocolVersion()).isEqualTo(ProtocolVersion.HTTP_2);
    assertThat(r.clientIp()).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(r.clientPort()).isEqualTo(40112);
    assertThat(r.hostHeader()).isEqualTo("cdn.example.com");
    assertThat(r.userAgent()).isEqualTo("VLC/3.0.20");
    assertThat(r.referer()).isEqualTo("https://a.example/");
    assertThat(r.cookie()).isEqualTo("a=1; CloudFront-Policy=x");
    assertThat(r.forwardedFor()).isEqualTo("203.0.113.9, 198.51.100.1");
    // Unset numbers stay "unknown".
    assertThat(r.contentLength()).isEqualTo(-1);
    assertThat(r.rangeStart()).isEqualTo(-1);
    assertThat(r.timeToFirstByteNanos()).isEqualTo(-1);
    assertThat(new CloudFrontLogFormat("e", false).format(r).split("\t")[7]).isEqualTo("/v/a%2520b.ts");
  }
}
