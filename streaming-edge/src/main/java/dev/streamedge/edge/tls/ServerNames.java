package dev.streamedge.edge.tls;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The host names a certificate is served for, as SNI (RFC 6066 §3) sends them: lower-case ASCII
 * (IDNs in their {@code xn--} form), no trailing dot. A name is exact ({@code cdn.example.com}) or
 * a wildcard for exactly one leftmost label ({@code *.example.com} serves {@code a.example.com},
 * not {@code example.com} nor {@code a.b.example.com}; RFC 6125 §6.4.3). A wildcard must leave at
 * least two labels ({@code *.com} is refused).
 */
public final class ServerNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  private ServerNames() {}

  /**
   * A configured name in the form SNI lookups use.
   *
   * @throws TlsMaterialException saying why the name cannot be served
   */
  public static String normalize(String name) throws TlsMaterialException {
    String n = name == null ? "" : name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    boolean wildcard = n.startsWith("*.");
    String host = wildcard ? n.substring(2) : n;
    try {
      host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new TlsMaterialException("'" + name + "' is not a valid host name: " + e.getMessage());
    }
    if (host.isEmpty() || host.length() > 253) {
      throw new TlsMaterialException("'" + name + "' is not a valid host name");
    }
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new TlsMaterialException("'" + name + "' is not a valid host name"
            + (label.contains("*") ? " (a wildcard is only allowed as the whole leftmost label: *.example.com)" : ""));
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw new TlsMaterialException("'" + name + "' is an IP address, not a host name (SNI carries host names only)");
    }
    if (wildcard && labels.length < 2) {
      throw new TlsMaterialException("'" + name + "' is too broad: a wildcard needs at least two labels after it (*.example.com)");
    }
    return wildcard ? "*." + host : host;
  }

  /**
   * The DNS names a certificate was issued for: its subjectAltName dNSName entries, or, when it has
   * no subjectAltName at all, its subject's common name (RFC 6125 §6.4.4). Names that cannot be
   * served by SNI (IP addresses, malformed entries) are skipped.
   */
  public static List<String> of(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    boolean hasSans = false;
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        hasSans = true;
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String dns) {
            addIfValid(names, dns);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // An unparsable extension: fall back to the common name below.
    }
    if (!hasSans) {
      try {
        for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn) {
            addIfValid(names, cn);
          }
        }
      } catch (InvalidNameException e) {
        // No usable subject.
      }
    }
    return List.copyOf(names);
  }

  private static void addIfValid(List<String> names, String raw) {
    try {
      String n = normalize(raw);
      if (!names.contains(n)) {
        names.add(n);
      }
    } catch (TlsMaterialException e) {
      // Not a host name SNI can carry.
    }
  }
}
