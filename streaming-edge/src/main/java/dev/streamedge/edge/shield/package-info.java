/** The shield tier: choosing, per cache key, which shield fetches an object from the origins. */
package dev.streamedge.edge.shield;
