/** streamedge perf. */
package dev.streamedge.perf;
