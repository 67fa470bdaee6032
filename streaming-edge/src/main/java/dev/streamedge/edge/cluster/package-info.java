/**
 * Scale-out through etcd: the distribution config, invalidations and membership shared by many
 * edges and shields. {@link dev.streamedge.edge.cluster.SyncState} decides (pure, table-tested);
 * {@link dev.streamedge.edge.cluster.ClusterNode} does the I/O: read the whole prefix at a revision,
 * apply it atomically, persist it, watch from the next revision, and resync from scratch on any
 * doubt (compaction, a revision going backwards, another cluster, any watch error). jetcd's own
 * watch resume and lease keepalive are deliberately not relied on. See docs/scale-out.md.
 */
package dev.streamedge.edge.cluster;
