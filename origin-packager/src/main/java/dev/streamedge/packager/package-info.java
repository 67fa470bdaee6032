/**
 * streamedge origin-packager: the HLS packager (VOD remuxed on request, live channels in step across
 * redundant instances) and the large-file origin. {@link dev.streamedge.packager.Packager#start} wires the
 * features by constructor; {@link dev.streamedge.packager.PackagerCommand} is the command line.
 */
package dev.streamedge.packager;
