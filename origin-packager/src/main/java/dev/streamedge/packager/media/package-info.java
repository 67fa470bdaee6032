/**
 * Everything that touches FFmpeg (through the bytedeco presets that JavaCV is built on): scanning a
 * file's packets, remuxing a window of packets into one MPEG-TS or fMP4 segment without re-encoding,
 * encoding (libopenh264 H.264, native AAC) for renditions, live channels and the demo asset, and
 * reading live sources. The only package that imports org.bytedeco; its API speaks plain Java types.
 *
 * <p>The raw libav* API is used rather than JavaCV's FrameRecorder because the packager needs what the
 * recorder does not expose: 64-bit timestamps on a fixed epoch, forcing an IDR frame on chosen frames,
 * and per-segment muxer options (fragment sequence numbers, absolute fMP4 decode times).
 */
package dev.streamedge.packager.media;
