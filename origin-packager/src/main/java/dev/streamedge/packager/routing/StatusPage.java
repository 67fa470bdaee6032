package dev.streamedge.packager.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamedge.packager.http.Body;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.http.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code GET /status}: what the packager is doing (assets and transcodes, live channels) as JSON, never cached. */
public final class StatusPage {
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Supplier<Map<String, Object>> source;

  public StatusPage(Supplier<Map<String, Object>> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  public Lookup lookup(String rest) {
    if (!rest.isEmpty()) {
      return Lookup.notFound("Not Found", "no-store");
    }
    try {
      byte[] bytes = json.writeValueAsBytes(source.get());
      return new Lookup.Answer(new Response(200, List.of(
          new Response.Header("Content-Type", "application/json"),
          new Response.Header("Content-Length", Long.toString(bytes.length)),
          new Response.Header("Cache-Control", "no-store")), new Body.Text(bytes)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status is not serialisable", e);
    }
  }
}
