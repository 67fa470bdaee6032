package dev.streamedge.edge.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM text (RFC 7468 §2, read laxly as §5.2 allows: text outside blocks, such as
 * the subject lines {@code openssl} writes, is ignored; base64 may wrap at any width).
 */
final class PemBlocks {
  /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}…) and its decoded DER bytes. */
  record Block(String label, byte[] der) {}

  private PemBlocks() {}

  static List<Block> parse(String pem) throws TlsMaterialException {
    List<Block> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int begin = pem.indexOf("-----BEGIN ", from);
      if (begin < 0) {
        return out;
      }
      int labelEnd = pem.indexOf("-----", begin + 11);
      if (labelEnd < 0) {
        throw new TlsMaterialException("a PEM BEGIN line is not closed by -----");
      }
      String label = pem.substring(begin + 11, labelEnd);
      String endLine = "-----END " + label + "-----";
      int end = pem.indexOf(endLine, labelEnd + 5);
      if (end < 0) {
        throw new TlsMaterialException("PEM block " + label + " has no END line");
      }
      String body = pem.substring(labelEnd + 5, end);
      if (body.contains(":")) {
        // RFC 1421 headers (Proc-Type, DEK-Info): an encrypted legacy key.
        throw new TlsMaterialException("PEM block " + label + " is encrypted; decrypt it first "
            + "(openssl pkey -in encrypted.pem -out key.pem)");
      }
      try {
        out.add(new Block(label, Base64.getMimeDecoder().decode(body)));
      } catch (IllegalArgumentException e) {
        throw new TlsMaterialException("PEM block " + label + " is not valid base64: " + e.getMessage());
      }
      from = end + endLine.length();
    }
  }
}
