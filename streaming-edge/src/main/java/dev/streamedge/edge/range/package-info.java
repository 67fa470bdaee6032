/**
 * Byte ranges (RFC 9110 §14), pure: the Range parser with coalescing and abuse limits, If-Range,
 * Content-Range, the slice arithmetic used to fetch large objects from the origin in aligned
 * pieces, and the exact layout of a multipart/byteranges body. All offsets and lengths are
 * {@code long}.
 */
package dev.streamedge.edge.range;
