/**
 * Test support for every module: the Netty leak guard that turns leak reports into failures, test
 * origins that generate deterministic bytes or inject faults, and waiting on a condition with a
 * deadline. Test scope only.
 */
package dev.streamedge.testkit;
