/**
 * Synthetic pictures and sound as pure functions of a frame or sample number: a YUV 4:2:0 canvas with
 * a built-in bitmap font (no AWT, no system fonts, so every machine draws the same bytes), the test
 * card of the demo asset and the live clock channel, and a tone with ticks. Redundant packagers render
 * identical frames for identical timestamps from this package.
 */
package dev.streamedge.packager.picture;
