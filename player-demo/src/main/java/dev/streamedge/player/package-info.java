/** The player demo: the watch page, the sign-in, and the local demo that runs everything. */
package dev.streamedge.player;
