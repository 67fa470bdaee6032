/**
 * Who may sign in: the users file ({@code name:pbkdf2-sha256$iterations$salt$hash} per line) and salted
 * PBKDF2-HMAC-SHA256 password hashes from the JDK, compared in constant time. An unknown user costs the
 * same hashing as a known one, so timing does not tell which names exist.
 */
package dev.streamedge.player.account;
