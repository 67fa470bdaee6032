/**
 * Packager measurements: packaging one VOD segment on request (remux, no re-encoding), encoding one
 * live segment of the synthetic channel, and the CPU a running live channel costs.
 */
package dev.streamedge.perf.packager;
