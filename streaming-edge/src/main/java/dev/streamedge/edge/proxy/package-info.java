/**
 * Forwarding decisions that do not need a socket: the origin request built from a viewer request,
 * the viewer response fields, and the edge's own error answers.
 */
package dev.streamedge.edge.proxy;
