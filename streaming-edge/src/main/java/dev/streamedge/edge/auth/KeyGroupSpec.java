package dev.streamedge.edge.auth;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code distribution.keyGroups} as configured: a group id and its public keys, each a
 * key-pair id and a PEM file. Paths are used as given; the config loader resolves relative ones
 * against the config file's directory.
 */
public record KeyGroupSpec(String id, List<PublicKeyFile> publicKeys) {
  public KeyGroupSpec {
    Objects.requireNonNull(id, "id");
    publicKeys = List.copyOf(Objects.requireNonNull(publicKeys, "publicKeys"));
  }

  /** {@code { id: K2JCJMDEHXQW5F, pemFile: keys/subscribers.pub.pem }}. */
  public record PublicKeyFile(String id, Path pemFile) {
    public PublicKeyFile {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(pemFile, "pemFile");
    }
  }
}
