/** streamedge origin-packager. */
package dev.streamedge.packager;
