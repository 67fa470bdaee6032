/**
 * What a sign-in hands the browser: CloudFront-compatible signed cookies for one custom policy (made with
 * the edge module's signer, so the edge verifies them byte for byte), the display cookie with the user's
 * name, and the public origin the policy's {@code Resource} is written for. Pure: time comes from a
 * {@link java.time.Clock}, the request's facts are parameters.
 */
package dev.streamedge.player.session;
