package dev.streamedge.edge.cli;

import dev.streamedge.edge.cluster.ClusterKeys;
import dev.streamedge.edge.cluster.EtcdSettings;
import dev.streamedge.edge.cluster.NodeRole;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.shield.ShieldSelector;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that make an edge (or shield) a cluster node: {@code --etcd}, {@code --node-id},
 * {@code --cluster}, ... — a picocli mixin for {@code edge} and {@code shield}. Without
 * {@code --etcd} the node is standalone; {@code --shield ID=URL} then gives edges a static shield
 * list.
 */
public final class ClusterOptions {
  @Option(names = "--etcd", split = ",", paramLabel = "URL",
      description = "etcd client URL(s), e.g. http://127.0.0.1:2379: take the distribution, invalidations and "
          + "membership from etcd (see docs/scale-out.md).")
  List<URI> etcd = new ArrayList<>();

  @Option(names = "--node-id", paramLabel = "ID",
      description = "This node's unique id in the cluster (default: edge.name).")
  String nodeId;

  @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "default",
      description = "The cluster's name: its keys live under /streamedge/NAME/ (default: ${DEFAULT-VALUE}).")
  String cluster;

  @Option(names = "--advertise-url", paramLabel = "URL",
      description = "Where other nodes reach this node's viewer listener (default: http://edge.listen).")
  URI advertiseUrl;

  @Option(names = "--state-file", paramLabel = "FILE",
      description = "Where the last state applied from etcd is kept (default: <edge.cache.dir>.cluster.json).")
  Path stateFile;

  @Option(names = "--allow-empty-distribution",
      description = "When etcd holds no distribution, serve this node's own file's instead of the last applied one.")
  boolean allowEmptyDistribution;

  @Option(names = "--shield", paramLabel = "ID=URL",
      description = "A shield to fetch through, without etcd (repeat for several; HRW picks one per object).")
  List<String> shields = new ArrayList<>();

  /** True when {@code --etcd} was given. */
  public boolean enabled() {
    return !etcd.isEmpty();
  }

  /**
   * The settings for this node, once its listeners are bound.
   *
   * @param configFile the node's config file (relative paths in the distribution resolve against its directory)
   * @param viewer the bound viewer address (for the default advertised URL); null before start
   * @param admin the bound admin address, or null
   * @throws IllegalArgumentException naming the option that is wrong
   */
  public EtcdSettings settings(EdgeConfig config, Path configFile, NodeRole role, InetSocketAddress viewer,
      InetSocketAddress admin) {
    String id = nodeId == null ? config.edge().name() : nodeId;
    if (!ClusterKeys.validName(id)) {
      throw new IllegalArgumentException("--node-id: 1-64 of A-Z a-z 0-9 . _ -, got '" + id + "'");
    }
    URI advertise = advertiseUrl;
    if (advertise == null) {
      InetSocketAddress a = viewer == null ? config.edge().listen() : viewer;
      if (a.getAddress() != null && a.getAddress().isAnyLocalAddress()) {
        throw new IllegalArgumentException("--advertise-url: required when edge.listen is every interface ("
            + a + "): other nodes need an address to reach this one");
      }
      advertise = URI.create("http://" + hostPort(a));
    }
    Path cacheDir = config.edge().cache().dir();
    Path state = stateFile != null ? stateFile : cacheDir.resolveSibling(cacheDir.getFileName() + ".cluster.json");
    Path dir = configFile.toAbsolutePath().getParent();
    return EtcdSettings.builder(etcd, id).cluster(cluster).role(role).advertiseUrl(advertise)
        .adminUrl(admin == null ? null : URI.create("http://" + hostPort(admin)))
        .stateFile(state).configDir(dir).allowEmptyDistribution(allowEmptyDistribution).build();
  }

  /** The {@code --shield ID=URL} list as shield origins (a static shield tier, no etcd). */
  public List<Origin> staticShields() {
    List<Origin> out = new ArrayList<>();
    for (String s : shields) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--shield: expected ID=URL like shield-1=http://10.0.0.5:8080, got '" + s + "'");
      }
      String id = s.substring(0, eq);
      URI url;
      try {
        url = URI.create(s.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--shield " + id + ": not a URL: '" + s.substring(eq + 1) + "'");
      }
      if (!ClusterKeys.validName(id) || !"http".equals(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException("--shield: expected ID=http://host:port, got '" + s + "'");
      }
      out.add(ShieldSelector.shieldOrigin(id, url, ShieldSelector.Timeouts.DEFAULT));
    }
    return out;
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
