package dev.streamedge.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamedge.edge.cache.InvalidationPath;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The invalidation API, in CloudFront's vocabulary: {@code POST /invalidations} with
 * {@code {"paths": ["/videos/abc/*", "/index.html"], "callerReference": "..."}} removes the paths
 * from this edge's cache (a prefix purge per path: milliseconds, whatever the count) and answers
 * {@code 201} with the invalidation, already {@code Completed}; {@code GET /invalidations/{id}}
 * and {@code GET /invalidations} read them back. A repeated caller reference returns the first
 * invalidation instead of running it again.
 */
public final class Invalidations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 1000;

  private record Done(String id, String createTime, List<String> paths, String callerReference, long removed) {}

  private final ToLongFunction<String> purgePrefix;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Done> byId = new LinkedHashMap<>();
  private final Map<String, Done> byReference = new LinkedHashMap<>();

  /** @param purgePrefix removes stored keys starting with a prefix and returns how many; blocking */
  public Invalidations(ToLongFunction<String> purgePrefix, Clock clock) {
    this.purgePrefix = purgePrefix;
    this.clock = clock;
  }

  /** Mounts {@code POST /invalidations}, {@code GET /invalidations} and {@code GET /invalidations/{id}}. */
  public void mount(AdminApi api) {
    api.add("POST", "/invalidations", this::create);
    api.add("GET", "/invalidations", r -> AdminResponse.json(200, list()));
    api.addPrefix("GET", "/invalidations/", this::get);
  }

  private AdminResponse create(AdminRequest r) {
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return error(400, "the body must be JSON like {\"paths\": [\"/videos/*\"]}");
    }
    if (body == null || !body.isObject() || !body.path("paths").isArray() || body.path("paths").isEmpty()) {
      return error(400, "'paths' must be a non-empty list of paths, e.g. {\"paths\": [\"/videos/*\"]}");
    }
    List<String> raw = new ArrayList<>();
    for (JsonNode p : body.path("paths")) {
      if (!p.isTextual()) {
        return error(400, "every path must be a string, got " + p);
      }
      raw.add(p.asText());
    }
    if (raw.size() > 3000) {
      return error(400, "at most 3000 paths per invalidation, got " + raw.size());
    }
    List<InvalidationPath> paths;
    try {
      paths = InvalidationPath.parseAll(raw);
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    String reference = body.path("callerReference").isTextual() ? body.path("callerReference").asText() : null;
    synchronized (this) {
      if (reference != null && byReference.containsKey(reference)) {
        return AdminResponse.json(201, render(byReference.get(reference)));
      }
    }
    long removed = 0;
    for (InvalidationPath p : paths) {
      removed += purgePrefix.applyAsLong(p.keyPrefix());
    }
    Done d = new Done("I" + Long.toString(clock.millis(), 36).toUpperCase() + sequence.incrementAndGet(),
        clock.instant().toString(), raw, reference, removed);
    synchronized (this) {
      byId.put(d.id(), d);
      if (reference != null) {
        byReference.put(reference, d);
      }
      trim(byId);
      trim(byReference);
    }
    return AdminResponse.json(201, render(d));
  }

  private static void trim(Map<String, Done> m) {
    while (m.size() > KEEP) {
      m.remove(m.keySet().iterator().next());
    }
  }

  private AdminResponse get(AdminRequest r) {
    String id = r.path().substring("/invalidations/".length());
    Done d;
    synchronized (this) {
      d = byId.get(id);
    }
    return d == null ? error(404, "no invalidation '" + id + "'") : AdminResponse.json(200, render(d));
  }

  private synchronized String list() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode items = root.putArray("items");
    byId.values().forEach(d -> items.add(JSON.createObjectNode()
        .put("id", d.id()).put("status", "Completed").put("createTime", d.createTime())));
    root.put("quantity", byId.size());
    return root.toString();
  }

  private static String render(Done d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", d.id());
    n.put("status", "Completed");
    n.put("createTime", d.createTime());
    ObjectNode paths = n.putObject("paths");
    paths.put("quantity", d.paths().size());
    ArrayNode items = paths.putArray("items");
    d.paths().forEach(items::add);
    if (d.callerReference() != null) {
      n.put("callerReference", d.callerReference());
    }
    n.put("objectsRemoved", d.removed());
    return n.toString();
  }

  private static AdminResponse error(int status, String message) {
    return AdminResponse.json(status, JSON.createObjectNode().put("error", message).toString());
  }
}
