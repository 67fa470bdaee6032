/**
 * The player app's configuration ({@code player:} in YAML): read into immutable records and validated at
 * start-up with errors that name the key ({@code player.signing.keyPairId: is required}). docs/player.md
 * documents every key.
 */
package dev.streamedge.player.config;
