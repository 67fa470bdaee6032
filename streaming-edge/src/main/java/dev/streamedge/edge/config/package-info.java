/**
 * The edge's configuration: YAML in CloudFront's vocabulary, read into immutable records and
 * validated at start-up with errors that name the key. docs/configuration.md documents every key.
 */
package dev.streamedge.edge.config;
