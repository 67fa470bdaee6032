/**
 * The shield tier, seen from an edge: which shield (a regional cache between the edges and the
 * origins) serves each cache key. Rendezvous (highest-random-weight) hashing over the live
 * shields with a stable hash ({@link dev.streamedge.edge.shield.Murmur3}), so removing a shield
 * moves exactly its keys and every edge picks the same shield for the same key. Pure: no I/O, no
 * Netty; the live shield list is fed in from outside (etcd membership or a static list).
 */
package dev.streamedge.edge.shield;
