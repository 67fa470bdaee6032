package dev.streamedge.store;

import java.util.Objects;

/** One stored response header line, in the order it arrived. The edge converts to its own type. */
public record StoredHeader(String name, String value) {
  public StoredHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
