/**
 * Scale-out measurements (docs/scale-out.md): invalidation latency across edges through etcd,
 * serving through an etcd freeze, convergence after a partition heals, missed updates. Real etcd
 * (started here), real edges in this JVM, a loopback origin.
 */
package dev.streamedge.perf.scaleout;
