package dev.streamedge.edge.cluster;

import dev.streamedge.edge.shield.ShieldSelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins a cluster through etcd ({@code --etcd}, {@code --node-id}, ...).
 *
 * @param endpoints etcd client URLs ({@code http://127.0.0.1:2379})
 * @param cluster the cluster's name: its keys live under {@code /streamedge/<cluster>/}
 * @param nodeId this node's unique id (1-64 of {@code A-Z a-z 0-9 . _ -})
 * @param role edge or shield
 * @param advertiseUrl where other nodes reach this node's viewer listener (edges fetch from a shield there)
 * @param adminUrl this node's admin API, shown to operators; null when none
 * @param stateFile where the last applied state is persisted (the node boots from it without etcd)
 * @param configDir the directory relative paths in a distribution resolve against (the config file's)
 * @param allowEmptyDistribution when etcd holds no distribution, serve the local file's instead of the last applied
 * @param leaseTtl membership lease: a node that stops renewing is gone after this long
 * @param heartbeat how often the watch is asked for progress (and staleness re-evaluated)
 * @param staleAfter without word from etcd for this long, the node reports its config as stale
 * @param requestTimeout bound on every etcd call
 * @param shieldTimeouts how edges reach shields
 */
public record EtcdSettings(List<URI> endpoints, String cluster, String nodeId, NodeRole role, URI advertiseUrl,
    URI adminUrl, Path stateFile, Path configDir, boolean allowEmptyDistribution, Duration leaseTtl, Duration heartbeat,
    Duration staleAfter, Duration requestTimeout, ShieldSelector.Timeouts shieldTimeouts) {
  public EtcdSettings {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("--etcd: at least one etcd endpoint is required");
    }
    for (URI u : endpoints) {
      if (u.getScheme() == null || !u.getScheme().equals("http") || u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException("--etcd: expected http://host:port, got '" + u + "'");
      }
    }
    if (!ClusterKeys.validName(cluster)) {
      throw new IllegalArgumentException("--cluster: 1-64 of A-Z a-z 0-9 . _ -, got '" + cluster + "'");
    }
    if (!ClusterKeys.validName(nodeId)) {
      throw new IllegalArgumentException("--node-id: 1-64 of A-Z a-z 0-9 . _ -, got '" + nodeId + "'");
    }
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(advertiseUrl, "advertiseUrl");
    Objects.requireNonNull(stateFile, "stateFile");
    Objects.requireNonNull(configDir, "configDir");
    if (leaseTtl.toSeconds() < 2) {
      throw new IllegalArgumentException("the membership lease must be at least 2 s, got " + leaseTtl);
    }
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(shieldTimeouts, "shieldTimeouts");
  }

  /** Defaults: cluster {@code default}, role edge, 5 s lease, 1 s heartbeat, stale after 3 s, 2 s per call. */
  public static Builder builder(List<URI> endpoints, String nodeId) {
    return new Builder(endpoints, nodeId);
  }

  public ClusterKeys keys() {
    return new ClusterKeys(cluster);
  }

  public Builder toBuilder() {
    Builder b = new Builder(endpoints, nodeId);
    b.cluster = cluster;
    b.role = role;
    b.advertiseUrl = advertiseUrl;
    b.adminUrl = adminUrl;
    b.stateFile = stateFile;
    b.configDir = configDir;
    b.allowEmptyDistribution = allowEmptyDistribution;
    b.leaseTtl = leaseTtl;
    b.heartbeat = heartbeat;
    b.staleAfter = staleAfter;
    b.requestTimeout = requestTimeout;
    b.shieldTimeouts = shieldTimeouts;
    return b;
  }

  public static final class Builder {
    private final List<URI> endpoints;
    private final String nodeId;
    private String cluster = "default";
    private NodeRole role = NodeRole.EDGE;
    private URI advertiseUrl;
    private URI adminUrl;
    private Path stateFile;
    private Path configDir = Path.of(".");
    private boolean allowEmptyDistribution;
    private Duration leaseTtl = Duration.ofSeconds(5);
    private Duration heartbeat = Duration.ofSeconds(1);
    private Duration staleAfter = Duration.ofSeconds(3);
    private Duration requestTimeout = Duration.ofSeconds(2);
    private ShieldSelector.Timeouts shieldTimeouts = ShieldSelector.Timeouts.DEFAULT;

    private Builder(List<URI> endpoints, String nodeId) {
      this.endpoints = endpoints;
      this.nodeId = nodeId;
    }

    public Builder cluster(String v) {
      cluster = v;
      return this;
    }

    public Builder role(NodeRole v) {
      role = v;
      return this;
    }

    public Builder advertiseUrl(URI v) {
      advertiseUrl = v;
      return this;
    }

    public Builder adminUrl(URI v) {
      adminUrl = v;
      return this;
    }

    public Builder stateFile(Path v) {
      stateFile = v;
      return this;
    }

    public Builder configDir(Path v) {
      configDir = v;
      return this;
    }

    public Builder allowEmptyDistribution(boolean v) {
      allowEmptyDistribution = v;
      return this;
    }

    public Builder leaseTtl(Duration v) {
      leaseTtl = v;
      return this;
    }

    public Builder heartbeat(Duration v) {
      heartbeat = v;
      return this;
    }

    public Builder staleAfter(Duration v) {
      staleAfter = v;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder shieldTimeouts(ShieldSelector.Timeouts v) {
      shieldTimeouts = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public EtcdSettings build() {
      if (advertiseUrl == null) {
        throw new IllegalArgumentException("--advertise-url: required (where other nodes reach this node)");
      }
      if (stateFile == null) {
        throw new IllegalArgumentException("the cluster state file is required");
      }
      return new EtcdSettings(endpoints, cluster, nodeId, role, advertiseUrl, adminUrl, stateFile, configDir,
          allowEmptyDistribution, leaseTtl, heartbeat, staleAfter, requestTimeout, shieldTimeouts);
    }
  }
}
