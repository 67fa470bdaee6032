/**
 * The packager's HTTP/1.1 transport on Netty (the only package that imports io.netty): keep-alive,
 * pipelined requests answered in order, limits (414/431/400, idle timeout), zero-copy file bodies
 * ({@code DefaultFileRegion}, or {@code ChunkedNioFile} pulled only while the channel is writable), and
 * graceful shutdown. Work that may block runs on a worker executor, never on an event loop.
 */
package dev.streamedge.packager.netty;
