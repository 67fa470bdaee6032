/** streamedge segment-store. */
package dev.streamedge.store;
