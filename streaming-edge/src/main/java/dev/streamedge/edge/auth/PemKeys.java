package dev.streamedge.edge.auth;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Reads and writes the PEM key files CloudFront users already have (RFC 7468), with the JDK alone.
 *
 * <ul>
 *   <li>Public: {@code PUBLIC KEY} (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7), what {@code openssl
 *       rsa -pubout} and CloudFront's console use; and {@code RSA PUBLIC KEY} (PKCS#1, RFC 8017
 *       §A.1.1).
 *   <li>Private: {@code PRIVATE KEY} (PKCS#8, RFC 5208), {@code RSA PRIVATE KEY} (PKCS#1, what {@code
 *       openssl genrsa -traditional} writes) and {@code EC PRIVATE KEY} (SEC1, RFC 5915, what {@code
 *       openssl ecparam -genkey} writes). The JDK only reads PKCS#8, so the last two are wrapped in
 *       the few DER bytes of a PKCS#8 envelope.
 * </ul>
 *
 * Only RSA keys of 2048 bits or more and EC keys on P-256 are accepted, as CloudFront does.
 * Encrypted private keys are refused with a message saying to decrypt them first.
 */
public final class PemKeys {
  private static final byte[] OID_RSA = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };
  private static final byte[] OID_EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };
  private static final byte[] OID_P256 = {
    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
  };
  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 16384;

  private PemKeys() {}

  /** Reads the first public key in {@code pem}; throws {@link KeyFormatException} saying why not. */
  public static PublicKey readPublicKey(String pem) throws KeyFormatException {
    Objects.requireNonNull(pem, "pem");
    PemBlock block = PemBlock.first(pem, "PUBLIC KEY", "RSA PUBLIC KEY");
    try {
      PublicKey key;
      if (block.label.equals("RSA PUBLIC KEY")) {
        BigInteger n;
        BigInteger e;
        try {
          Der.Reader seq = new Der.Reader(block.der).sequence();
          n = seq.integer();
          e = seq.integer();
        } catch (KeyFormatException malformed) {
          throw new KeyFormatException("unreadable " + block.label + ": " + malformed.getMessage());
        }
        key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      } else {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(block.der);
        key = (PublicKey) generate(spec, true);
      }
      typeOf(key);
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyFormatException("unreadable " + block.label + ": " + e.getMessage());
    }
  }

  /** Reads the first private key in {@code pem}; throws {@link KeyFormatException} saying why not. */
  public static PrivateKey readPrivateKey(String pem) throws KeyFormatException {
    Objects.requireNonNull(pem, "pem");
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new KeyFormatException(
          "the private key is encrypted; decrypt it first (openssl pkey -in enc.pem -out key.pem)");
    }
    PemBlock block = PemBlock.first(pem, "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
    try {
      byte[] pkcs8 = switch (block.label) {
        case "RSA PRIVATE KEY" -> pkcs8(Der.seq(OID_RSA, DER_NULL), block.der);
        case "EC PRIVATE KEY" -> {
          try {
            requireP256(block.der);
          } catch (KeyFormatException malformed) {
            throw new KeyFormatException("unreadable " + block.label + ": " + malformed.getMessage());
          }
          yield pkcs8(Der.seq(OID_EC_PUBLIC_KEY, OID_P256), block.der);
        }
        default -> block.der;
      };
      PrivateKey key = (PrivateKey) generate(new PKCS8EncodedKeySpec(pkcs8), false);
      typeOf(key);
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyFormatException("unreadable " + block.label + ": " + e.getMessage());
    }
  }

  /**
   * The key's CloudFront type, or {@link KeyFormatException} for an RSA key under 2048 bits, an EC
   * key off P-256, or another algorithm.
   */
  public static KeyType typeOf(Key key) throws KeyFormatException {
    if (key instanceof RSAKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
        throw new KeyFormatException(
            "RSA key of " + bits + " bits; CloudFront keys are RSA 2048 or more, or EC P-256");
      }
      return KeyType.RSA;
    }
    if (key instanceof ECKey ec) {
      if (!isP256(ec.getParams())) {
        throw new KeyFormatException("EC key is not on P-256 (prime256v1, secp256r1)");
      }
      return KeyType.EC_P256;
    }
    throw new KeyFormatException("unsupported key algorithm " + key.getAlgorithm());
  }

  /** {@code -----BEGIN PUBLIC KEY-----} PEM (SubjectPublicKeyInfo), 64 columns. */
  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** {@code -----BEGIN PRIVATE KEY-----} PEM (unencrypted PKCS#8), 64 columns. */
  public static String toPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static Key generate(java.security.spec.KeySpec spec, boolean isPublic)
      throws GeneralSecurityException {
    GeneralSecurityException first = null;
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        KeyFactory kf = KeyFactory.getInstance(alg);
        return isPublic ? kf.generatePublic(spec) : kf.generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw new GeneralSecurityException("neither an RSA nor an EC key", first);
  }

  private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
    return Der.tlv(0x30, Der.concat(new byte[] {0x02, 0x01, 0x00}, algorithmIdentifier,
        Der.tlv(0x04, privateKey)));
  }

  /** SEC1 may name its curve in {@code [0] parameters}; refuse any curve but P-256 up front. */
  private static void requireP256(byte[] sec1) throws KeyFormatException {
    Der.Reader seq = new Der.Reader(sec1).sequence();
    seq.integer(); // version 1
    seq.skip(0x04); // privateKey
    while (seq.hasMore()) {
      int tag = seq.peekTag();
      byte[] content = seq.raw();
      if (tag == 0xa0) {
        byte[] oid = Arrays.copyOfRange(content, Der.headerLength(content), content.length);
        if (!Arrays.equals(oid, OID_P256)) {
          throw new KeyFormatException("EC key is not on P-256 (prime256v1, secp256r1)");
        }
      }
    }
  }

  private static boolean isP256(ECParameterSpec spec) {
    ECParameterSpec want = P256.SPEC;
    return spec.getOrder().equals(want.getOrder())
        && spec.getCurve().equals(want.getCurve())
        && spec.getGenerator().equals(want.getGenerator());
  }

  /** The P-256 domain parameters, a constant of the JDK's EC provider (lazy holder). */
  private static final class P256 {
    static final ECParameterSpec SPEC;

    static {
      try {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        SPEC = params.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** One PEM block: its label and its decoded DER bytes. */
  private record PemBlock(String label, byte[] der) {
    static PemBlock first(String pem, String... labels) throws KeyFormatException {
      int from = 0;
      while (true) {
        int begin = pem.indexOf("-----BEGIN ", from);
        if (begin < 0) {
          throw new KeyFormatException("no PEM block labelled " + String.join(" or ", labels));
        }
        int labelEnd = pem.indexOf("-----", begin + 11);
        if (labelEnd < 0) {
          throw new KeyFormatException("truncated PEM header");
        }
        String label = pem.substring(begin + 11, labelEnd);
        String endMarker = "-----END " + label + "-----";
        int end = pem.indexOf(endMarker, labelEnd);
        if (end < 0) {
          throw new KeyFormatException("PEM block " + label + " has no END line");
        }
        if (Arrays.asList(labels).contains(label)) {
          String body = pem.substring(labelEnd + 5, end);
          if (body.indexOf(':') >= 0) {
            throw new KeyFormatException("PEM block " + label + " has headers (encrypted?)");
          }
          try {
            // Strict: the MIME decoder would silently skip any character it does not know.
            return new PemBlock(label, Base64.getDecoder().decode(body.replaceAll("\\s+", "")));
          } catch (IllegalArgumentException e) {
            throw new KeyFormatException("PEM block " + label + " is not base64");
          }
        }
        from = end + endMarker.length();
      }
    }
  }

  /** The few DER (X.690) operations key wrapping needs; lengths are definite, as DER requires. */
  static final class Der {
    private Der() {}

    static byte[] tlv(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
      out.write(tag);
      int len = content.length;
      if (len < 0x80) {
        out.write(len);
      } else if (len < 0x100) {
        out.write(0x81);
        out.write(len);
      } else if (len < 0x10000) {
        out.write(0x82);
        out.write(len >>> 8);
        out.write(len);
      } else {
        out.write(0x83);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }

    static byte[] seq(byte[]... parts) {
      return tlv(0x30, concat(parts));
    }

    static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }

    static int headerLength(byte[] tlv) {
      int first = tlv[1] & 0xff;
      return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    /** Sequential reader over DER elements; throws {@link KeyFormatException} on any malformation. */
    static final class Reader {
      private final byte[] buf;
      private int pos;
      private final int end;

      Reader(byte[] buf) {
        this(buf, 0, buf.length);
      }

      private Reader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
      }

      boolean hasMore() {
        return pos < end;
      }

      int peekTag() throws KeyFormatException {
        if (pos >= end) {
          throw new KeyFormatException("truncated DER");
        }
        return buf[pos] & 0xff;
      }

      /** Reads one element's header; returns {contentStart, contentEnd}. */
      private int[] element(int expectedTag) throws KeyFormatException {
        int tag = peekTag();
        if (expectedTag >= 0 && tag != expectedTag) {
          throw new KeyFormatException(String.format("DER tag 0x%02x where 0x%02x was expected",
              tag, expectedTag));
        }
        int p = pos + 1;
        if (p >= end) {
          throw new KeyFormatException("truncated DER");
        }
        int first = buf[p++] & 0xff;
        long len;
        if (first < 0x80) {
          len = first;
        } else {
          int count = first & 0x7f;
          if (count == 0 || count > 3 || p + count > end) {
            throw new KeyFormatException("bad DER length");
          }
          len = 0;
          for (int i = 0; i < count; i++) {
            len = (len << 8) | (buf[p++] & 0xff);
          }
        }
        if (p + len > end) {
          throw new KeyFormatException("truncated DER");
        }
        int[] r = {p, (int) (p + len)};
        pos = r[1];
        return r;
      }

      Reader sequence() throws KeyFormatException {
        int[] r = element(0x30);
        return new Reader(buf, r[0], r[1]);
      }

      BigInteger integer() throws KeyFormatException {
        int[] r = element(0x02);
        if (r[1] == r[0]) {
          throw new KeyFormatException("empty DER integer");
        }
        return new BigInteger(Arrays.copyOfRange(buf, r[0], r[1]));
      }

      void skip(int tag) throws KeyFormatException {
        element(tag);
      }

      /** The next element, header included. */
      byte[] raw() throws KeyFormatException {
        int start = pos;
        element(-1);
        return Arrays.copyOfRange(buf, start, pos);
      }
    }
  }
}
