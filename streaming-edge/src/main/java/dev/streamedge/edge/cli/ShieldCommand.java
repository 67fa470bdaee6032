package dev.streamedge.edge.cli;

import dev.streamedge.edge.cluster.NodeRole;
import picocli.CommandLine.Command;

/**
 * {@code streamedge shield --config FILE [--etcd URL --node-id ID]}: runs a shield, the regional
 * tier between edges and the origins (an edge whose own fills go straight to the origins).
 */
@Command(name = "shield", mixinStandardHelpOptions = true,
    description = {"Run a shield: the tier between edges and the origins (CloudFront's regional edge cache).",
        "Edges choose a shield per object by rendezvous hashing; the shield fetches it from the origins once."})
public final class ShieldCommand extends NodeCommand {
  @Override
  NodeRole role() {
    return NodeRole.SHIELD;
  }
}
