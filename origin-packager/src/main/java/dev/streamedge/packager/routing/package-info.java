/**
 * Maps request paths to the packager's features ({@code /files/}, {@code /vod/}, {@code /live/},
 * {@code /healthz}, {@code /status}) and plans each answer with the pure HTTP planner. Runs on worker
 * threads: features may block (stat a file, remux a segment).
 */
package dev.streamedge.packager.routing;
