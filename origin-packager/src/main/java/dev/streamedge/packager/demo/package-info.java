/**
 * Demo content made on first run, without downloads: a short VOD asset drawn with Java2D and encoded
 * with FFmpeg (via the media package), and a few large files with deterministic bytes.
 */
package dev.streamedge.packager.demo;
