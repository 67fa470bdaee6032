/**
 * Profiling the edge under load: {@code bench --profile} runs the hit workloads with JFR
 * recordings, and {@link dev.streamedge.perf.profile.JfrHotFrames} reduces a recording to its
 * hottest frames, allocation sites and CPU per thread.
 */
package dev.streamedge.perf.profile;
