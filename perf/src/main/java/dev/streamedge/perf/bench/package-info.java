/**
 * The load harness behind {@code ./streamedge bench}: the streamedge edge, nginx and Varnish in
 * front of the same origins on 127.0.0.1, measured interleaved over rounds, reduced to one table of
 * medians with the ratios edge/nginx and edge/Varnish ({@link dev.streamedge.perf.bench.ResultTable}),
 * written to {@code perf/results/} and, on request, into {@code docs/benchmarks.md}.
 */
package dev.streamedge.perf.bench;
