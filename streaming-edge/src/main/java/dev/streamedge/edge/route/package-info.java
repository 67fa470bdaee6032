/** Routing: CloudFront path patterns and the first-match-wins choice of a cache behavior. */
package dev.streamedge.edge.route;
