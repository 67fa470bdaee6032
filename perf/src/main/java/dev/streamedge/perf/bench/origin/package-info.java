/**
 * The origins behind the systems under test: the fixed objects the origin-packager's {@code
 * /files/} serves ({@link dev.streamedge.perf.bench.origin.FixedContent}), and {@link
 * dev.streamedge.perf.bench.origin.BenchOrigin} for what a file server cannot play: a slow object
 * for cold collapse and simulated live streams, counting every request it gets.
 */
package dev.streamedge.perf.bench.origin;
