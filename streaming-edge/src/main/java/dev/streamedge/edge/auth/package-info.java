/**
 * CloudFront-compatible signed URLs and signed cookies: key groups (public keys by key-pair id,
 * reloadable), the pure verifier the edge runs before a protected behavior serves anything, and the
 * signer that issues tokens (used by the player's sign-in and the {@code sign-url}/{@code
 * sign-cookies} commands).
 *
 * <p>The wire format is CloudFront's, byte for byte, so tokens made by the AWS SDKs or the AWS CLI
 * are accepted and tokens made here work on CloudFront. Verification takes every input explicitly
 * (public URL, signing parameters, Cookie lines, client address, {@code now}) and returns an {@link
 * dev.streamedge.edge.auth.AccessDecision}; it never throws for bad input and does no I/O. Only
 * {@link dev.streamedge.edge.auth.KeyGroupSource} reads files, and only when asked to (re)load.
 *
 * <p>See docs/security.md for setup, key rotation and the format.
 */
package dev.streamedge.edge.auth;
