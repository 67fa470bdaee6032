/**
 * Access logs in CloudFront's standard log format, written off the request path.
 *
 * <p>The request path fills one {@link dev.streamedge.edge.accesslog.AccessRecord} per request
 * (plain values, no formatting) and hands it to {@link dev.streamedge.edge.accesslog.AccessLogWriter#offer},
 * which never blocks: a bounded queue, and records that do not fit are counted and dropped. One
 * background thread formats lines with {@link dev.streamedge.edge.accesslog.CloudFrontLogFormat},
 * buffers, writes, and rotates the file by size and/or time.
 *
 * <p>{@link dev.streamedge.edge.accesslog.EdgeResult#classify} maps a few facts about a response
 * (status, where it came from, what failed) to CloudFront's three result-type fields, so logs,
 * metrics and {@code X-Cache} agree. The format is CloudFront's so that existing parsers (goaccess,
 * Athena tables, Logstash codecs) read the files unchanged; docs/operations.md shows a sample.
 */
package dev.streamedge.edge.accesslog;
