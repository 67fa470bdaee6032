/**
 * Load generators and probes: wrk for the hit rows, h2load for the HTTPS + HTTP/2 hit rows, curl
 * for single-connection downloads and hit checks, and asynchronous JDK HttpClient clients for cold
 * collapse and simulated live viewers.
 */
package dev.streamedge.perf.bench.load;
