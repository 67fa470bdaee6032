/**
 * Failover decisions: per-origin health (passive outlier detection, half-open probes, active
 * checks' results), and the detection of a live packager that answers but no longer advances.
 */
package dev.streamedge.edge.failover;
