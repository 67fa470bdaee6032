package dev.streamedge.edge.cluster;

import java.util.Locale;

/** A node's role: an edge viewers connect to, or a shield the edges fetch from. */
public enum NodeRole {
  EDGE, SHIELD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeRole parse(String s) {
    return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
      case "edge" -> EDGE;
      case "shield" -> SHIELD;
      default -> throw new IllegalArgumentException("a role is 'edge' or 'shield', got '" + s + "'");
    };
  }
}
