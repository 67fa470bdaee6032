/**
 * The player app as a server: {@link dev.streamedge.player.app.PlayerServer} wires the configuration, the
 * users file and the signing key into the site and serves it with the JDK's HTTP server (a page-and-form
 * origin behind the edge, never on a media path), and {@code ./streamedge player}'s commands. Only this
 * package touches {@code com.sun.net.httpserver}.
 */
package dev.streamedge.player.app;
