package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamedge.edge.admin.AdminApi;
import dev.streamedge.edge.admin.AdminRequest;
import dev.streamedge.edge.admin.AdminResponse;
import dev.streamedge.edge.admin.AdminRoute;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The admin API of a cluster node: the invalidation endpoints go through etcd instead of purging
 * this node only, {@code GET /cluster} shows what the node knows, and {@code /readyz} says when the
 * config is stale. Same request and answer shapes as the single-node {@code Invalidations}, plus
 * the per-node progress.
 *
 * <p>A stale config does not make the node unready: an etcd outage hits every node at once, and
 * taking them all out of a load balancer would turn a control-plane outage into a data-plane one.
 * {@code /readyz} stays 200 and says what is stale; {@code streamedge_config_staleness_seconds}
 * is what to alert on.
 */
public final class ClusterRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PATHS = 3000;

  private final ClusterNode node;

  private ClusterRoutes(ClusterNode node) {
    this.node = node;
  }

  /**
   * Mounts {@code POST /invalidations}, {@code GET /invalidations}, {@code GET /invalidations/{id}}
   * and {@code GET /cluster}. They must take precedence over the single-node invalidation routes.
   */
  public static void mount(AdminApi api, ClusterNode node) {
    ClusterRoutes r = new ClusterRoutes(node);
    api.add("POST", "/invalidations", r::create);
    api.add("GET", "/invalidations", r::list);
    api.addPrefix("GET", "/invalidations/", r::get);
    api.add("GET", "/cluster", r::cluster);
  }

  /** {@code GET /readyz} for a cluster node: 200 while {@code serving}, with a note when the config is stale. */
  public static AdminRoute readyz(ClusterNode node, BooleanSupplier serving) {
    return request -> {
      if (!serving.getAsBoolean()) {
        return AdminResponse.text(503, "not ready\n");
      }
      String note = node.readinessNote();
      return AdminResponse.text(200, note.isEmpty() ? "ready\n" : "ready; " + note + "\n");
    };
  }

  private AdminResponse create(AdminRequest r) {
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return error(400, "the body must be JSON like {\"paths\": [\"/videos/*\"], \"callerReference\": \"deploy-42\"}");
    }
    if (body == null || !body.isObject() || !body.path("paths").isArray() || body.path("paths").isEmpty()) {
      return error(400, "'paths' must be a non-empty list of paths, e.g. {\"paths\": [\"/videos/*\"]}");
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode p : body.path("paths")) {
      if (!p.isTextual()) {
        return error(400, "every path must be a string, got " + p);
      }
      paths.add(p.asText());
    }
    if (paths.size() > MAX_PATHS) {
      return error(400, "at most " + MAX_PATHS + " paths per invalidation, got " + paths.size());
    }
    JsonNode ref = body.path("callerReference");
    if (!ref.isMissingNode() && !ref.isNull() && (!ref.isTextual() || ref.asText().isEmpty() || ref.asText().length() > 128)) {
      return error(400, "'callerReference' must be a string of 1-128 characters");
    }
    try {
      ClusterInvalidations.Submitted s = node.invalidations().submit(paths, ref.isTextual() ? ref.asText() : null);
      Optional<ClusterInvalidations.Progress> p = node.invalidations().progress(s.invalidation().id());
      return AdminResponse.json(s.created() ? 201 : 200, render(s.invalidation(), s.revision(), p.orElse(null)).toString());
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (ClusterInvalidations.Conflict e) {
      return error(409, e.getMessage());
    } catch (EtcdUnavailable e) {
      return error(503, "etcd unavailable (" + e.getMessage() + "); the invalidation may still land: retry with the "
          + "same callerReference");
    }
  }

  private AdminResponse get(AdminRequest r) {
    String id = r.path().substring("/invalidations/".length());
    try {
      Optional<ClusterInvalidations.Progress> p = node.invalidations().progress(id);
      if (p.isEmpty()) {
        return error(404, "no invalidation '" + id + "'");
      }
      return AdminResponse.json(200, render(p.get().invalidation(), p.get().revision(), p.get()).toString());
    } catch (EtcdUnavailable e) {
      return error(503, "etcd unavailable: " + e.getMessage());
    }
  }

  private AdminResponse list(AdminRequest r) {
    try {
      List<InvalidationRecord> newest = node.invalidations().newest(100);
      ObjectNode root = JSON.createObjectNode();
      ArrayNode items = root.putArray("items");
      for (InvalidationRecord i : newest) {
        items.addObject().put("id", i.id()).put("createTime", i.createTime());
      }
      root.put("quantity", newest.size());
      return AdminResponse.json(200, root.toString());
    } catch (EtcdUnavailable e) {
      return error(503, "etcd unavailable: " + e.getMessage());
    }
  }

  private AdminResponse cluster(AdminRequest r) {
    ClusterNode.View v = node.view();
    EtcdSettings s = node.settings();
    ObjectNode n = JSON.createObjectNode();
    n.put("cluster", s.cluster()).put("node", s.nodeId()).put("role", s.role().label())
        .put("synced", v.synced()).put("stale", node.stale())
        .put("stalenessSeconds", Math.round(node.stalenessSeconds() * 10) / 10.0)
        .put("clusterId", Long.toUnsignedString(v.clusterId())).put("revision", v.position())
        .put("appliedRevision", v.status().appliedRevision())
        .put("distributionRevision", v.status().distributionRevision());
    if (v.status().configError() != null) {
      n.put("configError", v.status().configError());
    }
    if (v.lastError() != null) {
      n.put("etcdError", v.lastError());
    }
    ArrayNode members = n.putArray("members");
    for (Member m : v.members()) {
      ObjectNode o = members.addObject().put("node", m.node()).put("role", m.role().label()).put("url", m.url().toString());
      NodeStatus st = v.statuses().get(m.node());
      if (st != null) {
        o.put("appliedRevision", st.appliedRevision());
        if (st.configError() != null) {
          o.put("configError", st.configError());
        }
      }
    }
    ArrayNode shields = n.putArray("shields");
    v.shields().forEach(m -> shields.add(m.node()));
    n.put("endpoints", s.endpoints().toString());
    return AdminResponse.json(200, n.toString());
  }

  private static ObjectNode render(InvalidationRecord i, long revision, ClusterInvalidations.Progress p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", i.id());
    n.put("status", p == null ? "InProgress" : p.status());
    n.put("createTime", i.createTime());
    ObjectNode paths = n.putObject("paths");
    paths.put("quantity", i.paths().size());
    ArrayNode items = paths.putArray("items");
    i.paths().forEach(items::add);
    n.put("callerReference", i.callerReference());
    n.put("revision", revision);
    if (p != null) {
      ArrayNode applied = n.putArray("appliedOn");
      p.applied().forEach(applied::add);
      ArrayNode pending = n.putArray("pendingOn");
      p.pending().forEach(pending::add);
    }
    return n;
  }

  private static AdminResponse error(int status, String message) {
    return AdminResponse.json(status, JSON.createObjectNode().put("error", message).toString());
  }
}
