/**
 * The packager's configuration: the YAML contract ({@code packager: {listen, mediaDir, workDir, ...}}),
 * its value types (durations like {@code 4s}, bitrates like {@code 800k}), and start-up validation that
 * names the offending key. No I/O besides reading the one config file.
 */
package dev.streamedge.packager.config;
