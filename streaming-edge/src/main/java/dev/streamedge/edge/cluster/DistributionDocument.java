package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.Distribution;
import dev.streamedge.edge.config.EdgeConfigLoader;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The document kept under {@code distribution}: YAML with one top-level key, {@code distribution:},
 * exactly as in an edge's config file (docs/configuration.md). It is validated with the edge's own
 * loader, so a document that an edge would refuse is refused before it is pushed, with the same
 * message naming the key; relative paths (key group PEM files) resolve on each node against the
 * directory of its own config file.
 */
public final class DistributionDocument {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private DistributionDocument() {}

  /**
   * Parses and validates a distribution document.
   *
   * @throws ConfigException naming the key, e.g. {@code distribution.origins[0].url: ...}
   */
  public static Distribution parse(String yaml, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.has("distribution")) {
      throw new ConfigException("", "a distribution document is a mapping with one key, 'distribution'");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!n.equals("distribution")) {
        throw new ConfigException(n, "unknown key in a distribution document (only 'distribution' is shared"
            + (n.equals("edge") ? "; 'edge' settings are per node, in its own config file)" : ")"));
      }
    }
    // The loader reads whole edge configs; an empty 'edge' section takes every default and is dropped.
    ObjectNode whole = JSON.createObjectNode();
    whole.putObject("edge");
    whole.set("distribution", root.get("distribution"));
    return EdgeConfigLoader.parse(whole.toString(), baseDir).distribution();
  }
}
