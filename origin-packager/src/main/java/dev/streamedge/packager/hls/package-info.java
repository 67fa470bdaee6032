/**
 * The HLS playlist model and its writer (RFC 8216): master playlists with variant streams, media
 * playlists for VOD and sliding-window live. Pure: values in, text out, byte-identical for equal input
 * (the redundant packagers depend on that).
 */
package dev.streamedge.packager.hls;
