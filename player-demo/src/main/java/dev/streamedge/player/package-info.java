/** streamedge player-demo. */
package dev.streamedge.player;
