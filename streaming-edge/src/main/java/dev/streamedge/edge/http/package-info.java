/**
 * HTTP values the pure request-lifecycle code works with (fields, request and response heads),
 * free of Netty so that routing, caching, range and signature rules are plain, testable classes.
 */
package dev.streamedge.edge.http;
