/** Command-line entry points of the streaming-edge module ({@code ./streamedge edge}, signing tools). */
package dev.streamedge.edge.cli;
