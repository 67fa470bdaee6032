/** The ordered request lifecycle: the stages a viewer request passes through, as pure decisions. */
package dev.streamedge.edge.lifecycle;
