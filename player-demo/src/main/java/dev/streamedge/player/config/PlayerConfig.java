package dev.streamedge.player.config;

import dev.streamedge.edge.auth.HashAlgorithm;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The player app's whole configuration, validated ({@link PlayerConfigLoader} reads the YAML):
 *
 * <pre>
 * player:
 *   listen: 127.0.0.1:9100
 *   publicBaseUrl: http://localhost:8080   # optional: else from the edge's X-Forwarded-Proto/-Host
 *   usersFile: users.txt
 *   sessionLength: 12h
 *   secureCookies: auto                    # auto | true | false
 *   signing: { keyPairId: K2DEMO, privateKeyFile: keys/subscribers.key.pem, resource: "/*" }
 *   catalog:
 *     - { type: vod, id: sample, title: Test card }
 *     - { type: live, id: test, title: Live test channel, subscribersOnly: true }
 *     - { type: file, path: sample.bin, title: 64 MiB of random bytes }
 * </pre>
 *
 * @param publicBaseUrl {@code scheme://host[:port]} viewers use; empty derives it per request
 * @param sessionLength how long the signed cookies (and their policy) stay valid after sign-in
 * @param signInHint a line under the sign-in form (the demo's user and password), if any
 * @param workerThreads threads that serve requests (the sign-in hashes passwords on them)
 */
public record PlayerConfig(
    InetSocketAddress listen,
    Optional<URI> publicBaseUrl,
    Path usersFile,
    Duration sessionLength,
    SecureCookies secureCookies,
    Signing signing,
    List<CatalogEntry> catalog,
    Optional<String> signInHint,
    int workerThreads) {

  /**
   * How the sign-in signs cookies.
   *
   * @param resource the policy's {@code Resource}: a path pattern under the public base URL ({@code /*}),
   *     one statement as CloudFront allows
   */
  public record Signing(String keyPairId, Path privateKeyFile, String resource, HashAlgorithm hashAlgorithm) {
    public Signing {
      Objects.requireNonNull(keyPairId, "keyPairId");
      Objects.requireNonNull(privateKeyFile, "privateKeyFile");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
    }
  }

  public PlayerConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(usersFile, "usersFile");
    Objects.requireNonNull(sessionLength, "sessionLength");
    Objects.requireNonNull(secureCookies, "secureCookies");
    Objects.requireNonNull(signing, "signing");
    catalog = List.copyOf(catalog);
    Objects.requireNonNull(signInHint, "signInHint");
  }

  /** The same configuration listening elsewhere (the demo's ephemeral ports). */
  public PlayerConfig withListen(InetSocketAddress address) {
    return new PlayerConfig(address, publicBaseUrl, usersFile, sessionLength, secureCookies, signing, catalog,
        signInHint, workerThreads);
  }

  /** The same configuration with another public base URL, or none (derive it per request). */
  public PlayerConfig withPublicBaseUrl(Optional<URI> url) {
    return new PlayerConfig(listen, url, usersFile, sessionLength, secureCookies, signing, catalog, signInHint,
        workerThreads);
  }

  /** The entry of {@code kind} called {@code id}, if the catalog has it. */
  public Optional<CatalogEntry> entry(CatalogEntry.Kind kind, String id) {
    return catalog.stream().filter(e -> e.kind() == kind && e.id().equals(id)).findFirst();
  }

  /** The entries of one kind, in configuration order. */
  public List<CatalogEntry> entries(CatalogEntry.Kind kind) {
    return catalog.stream().filter(e -> e.kind() == kind).toList();
  }
}
