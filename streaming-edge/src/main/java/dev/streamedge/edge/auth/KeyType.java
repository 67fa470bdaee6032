package dev.streamedge.edge.auth;

/** The key types CloudFront accepts in a key group: RSA (2048 bits or more) and ECDSA P-256. */
public enum KeyType {
  RSA,
  EC_P256
}
