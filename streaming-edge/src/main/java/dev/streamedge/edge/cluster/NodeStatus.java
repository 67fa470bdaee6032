package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;

/**
 * What a node reports under {@code status/<node>} (leased, like its membership).
 *
 * @param appliedRevision every change at or below this etcd revision is applied on this node
 *     (invalidations included); what {@code GET /invalidations/{id}} compares against
 * @param distributionRevision the revision of the distribution it serves (0: its local file's)
 * @param configError why the latest distribution in etcd was refused, or null
 * @param updated when the node wrote this (ISO-8601), for operators
 */
public record NodeStatus(String node, NodeRole role, long appliedRevision, long distributionRevision,
    String configError, String updated) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public NodeStatus {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("node", node).put("role", role.label()).put("appliedRevision", appliedRevision)
        .put("distributionRevision", distributionRevision);
    if (configError != null) {
      n.put("configError", configError);
    }
    if (updated != null) {
      n.put("updated", updated);
    }
    return n.toString();
  }

  /** @throws IllegalArgumentException when the value is not a status record */
  public static NodeStatus fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.path("node").isTextual() || !n.path("appliedRevision").canConvertToLong()) {
        throw new IllegalArgumentException("not a status record: " + json);
      }
      return new NodeStatus(n.path("node").asText(), NodeRole.parse(n.path("role").asText("edge")),
          n.path("appliedRevision").asLong(), n.path("distributionRevision").asLong(),
          n.path("configError").isTextual() ? n.path("configError").asText() : null,
          n.path("updated").isTextual() ? n.path("updated").asText() : null);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a status record: " + e.getMessage(), e);
    }
  }
}
