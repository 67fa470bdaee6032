package dev.streamedge.edge.config;

import java.util.Objects;

/**
 * The whole edge configuration: this node's settings ({@code edge:}) and the distribution it serves
 * ({@code distribution:}). Key names follow CloudFront's vocabulary in camelCase and are a public
 * contract documented in docs/configuration.md. Build from YAML with {@link EdgeConfigLoader}.
 */
public record EdgeConfig(EdgeSettings edge, Distribution distribution) {
  public EdgeConfig {
    Objects.requireNonNull(edge, "edge");
    Objects.requireNonNull(distribution, "distribution");
  }
}
