/**
 * Video on demand: the asset catalog over the media folder, the segment index of each rendition (cut
 * on keyframes, computed once and cached in the work folder), the background transcoding of the ABR
 * ladder, and the {@code /vod/{asset}/...} resources (master, media playlists, segments remuxed on
 * request).
 */
package dev.streamedge.packager.vod;
