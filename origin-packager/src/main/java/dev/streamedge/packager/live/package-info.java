/**
 * Live channels: the epoch-aligned timeline that makes segment numbers, boundaries and date-times a
 * pure function of wall-clock time (so redundant packagers stay in step), the sliding-window playlist,
 * the channel runners (synthetic clock source rendered per segment; FFmpeg sources captured in real
 * time), DVR retention, and the {@code /live/{channel}/...} resources.
 */
package dev.streamedge.packager.live;
