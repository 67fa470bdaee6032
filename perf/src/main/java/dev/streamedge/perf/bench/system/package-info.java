/**
 * The systems under test (the streamedge edge, nginx, Varnish), each started as a child process
 * from a template in {@code perf/conf/} on a free loopback port, stopped by its own PID, and asked
 * for its peak memory.
 */
package dev.streamedge.perf.bench.system;
