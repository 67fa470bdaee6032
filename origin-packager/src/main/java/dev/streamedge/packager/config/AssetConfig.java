package dev.streamedge.packager.config;

import java.util.Objects;

/**
 * A per-asset override: {@code assets: [ { name: sample, container: fmp4 } ]}.
 *
 * @param name the asset ({@code <mediaDir>/<name>.mp4})
 * @param container its segment container, overriding {@code packager.container}
 */
public record AssetConfig(String name, Container container) {
  public AssetConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(container, "container");
    Names.check("name", name);
  }
}
