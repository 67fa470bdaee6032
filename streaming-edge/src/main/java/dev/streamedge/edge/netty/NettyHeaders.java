package dev.streamedge.edge.netty;

import dev.streamedge.edge.http.HttpFields;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Copies between Netty's headers and the lifecycle's {@link HttpFields}. */
final class NettyHeaders {
  private NettyHeaders() {}

  /**
   * The status for a response head: Netty's constant when the reason is the standard one (its
   * status-line bytes are made once; a new {@link HttpResponseStatus} builds them per response).
   */
  static HttpResponseStatus status(int code, String reason) {
    HttpResponseStatus known = HttpResponseStatus.valueOf(code);
    return known.reasonPhrase().equals(reason) ? known : new HttpResponseStatus(code, reason);
  }

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
    copyIntoExcept(fields, target, null, null);
  }

  /** {@link #copyInto} without the lines named {@code skip1} or {@code skip2} (either may be null). */
  static void copyIntoExcept(HttpFields fields, HttpHeaders target, String skip1, String skip2) {
    List<HttpFields.Field> list = fields.asList();
    for (int i = 0, n = list.size(); i < n; i++) {
      HttpFields.Field f = list.get(i);
      if (!f.name().equalsIgnoreCase(skip1) && !f.name().equalsIgnoreCase(skip2)) {
        target.add(f.name(), f.value());
      }
    }
  }
}
