package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * A live node, as registered under {@code members/<node>}.
 *
 * @param url where the node's viewer listener is reached (edges fetch from a shield there)
 * @param admin its admin API, or null when it has none
 */
public record Member(String node, NodeRole role, URI url, URI admin) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Member {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(url, "url");
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("node", node).put("role", role.label()).put("url", url.toString());
    if (admin != null) {
      n.put("admin", admin.toString());
    }
    return n.toString();
  }

  /** @throws IllegalArgumentException when the value is not a member record */
  public static Member fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.path("node").isTextual() || !n.path("url").isTextual()) {
        throw new IllegalArgumentException("not a member record: " + json);
      }
      URI admin = n.path("admin").isTextual() ? URI.create(n.path("admin").asText()) : null;
      return new Member(n.path("node").asText(), NodeRole.parse(n.path("role").asText()),
          URI.create(n.path("url").asText()), admin);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a member record: " + e.getMessage(), e);
    }
  }
}
