/**
 * The player site as pure functions from a {@link dev.streamedge.player.web.WebRequest} to a
 * {@link dev.streamedge.player.web.WebResponse}: the routes, the server-rendered pages (catalog, watch,
 * downloads, sign-in), the sign-in and sign-out flow and the static assets (the app's scripts and styles,
 * and hls.js from its WebJar). No sockets here: {@code dev.streamedge.player.app} adapts the JDK HTTP server.
 */
package dev.streamedge.player.web;
