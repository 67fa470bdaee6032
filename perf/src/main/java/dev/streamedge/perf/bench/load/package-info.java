/**
 * Load generators and probes: wrk for the hit rows, curl for single-connection downloads, and
 * asynchronous JDK HttpClient clients for cold collapse and simulated live viewers.
 */
package dev.streamedge.perf.bench.load;
