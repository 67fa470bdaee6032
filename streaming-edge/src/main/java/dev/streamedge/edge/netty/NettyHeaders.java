package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/** Copies between Netty's headers and the lifecycle's {@link HttpFields}. */
final class NettyHeaders {
  private NettyHeaders() {}

  static HttpFields toFields(HttpHeaders headers) {
    HttpFields.Builder b = HttpFields.builder();
    Iterator<Map.Entry<String, String>> it = headers.iteratorAsString();
    while (it.hasNext()) {
      Map.Entry<String, String> e = it.next();
      b.add(e.getKey(), e.getValue());
    }
    return b.build();
  }

  static void copyInto(HttpFields fields, HttpHeaders target) {
    for (HttpFields.Field f : fields.asList()) {
      target.add(f.name(), f.value());
    }
  }
}
