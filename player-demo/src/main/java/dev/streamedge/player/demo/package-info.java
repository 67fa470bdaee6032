/** {@code ./streamedge demo}: the whole system on one machine, from the configs in config/demo/. */
package dev.streamedge.player.demo;
