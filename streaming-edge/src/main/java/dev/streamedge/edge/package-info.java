/**
 * The streaming edge: {@link dev.streamedge.edge.Edge} wires the configuration into the request
 * lifecycle and the Netty server. Sub-packages own one feature each; only {@code netty} imports
 * Netty.
 */
package dev.streamedge.edge;
