/**
 * Pure HTTP semantics of the packager (RFC 9110): request and response values, byte ranges, validators
 * and conditional requests, and the planner that turns a {@link dev.streamedge.packager.http.Representation}
 * into a response (200, 206 single or multipart, 304, 412, 416). No Netty and no I/O: time is passed in.
 */
package dev.streamedge.packager.http;
