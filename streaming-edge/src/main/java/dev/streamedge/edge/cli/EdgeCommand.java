package dev.streamedge.edge.cli;

import dev.streamedge.edge.cluster.NodeRole;
import picocli.CommandLine.Command;

/** {@code streamedge edge --config FILE [--etcd URL --node-id ID]}: runs an edge node. */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = {"Run an edge node: the caching HTTP server viewers connect to.",
        "The distribution comes from the YAML file (reloaded when it changes) or, with --etcd, from etcd."})
public final class EdgeCommand extends NodeCommand {
  @Override
  NodeRole role() {
    return NodeRole.EDGE;
  }
}
