package dev.streamedge.edge.auth;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3), as in a custom
 * policy's {@code AWS:SourceIp}. A plain address means the one address ({@code /32} or {@code /128}).
 *
 * <p>Parsed by hand, never with {@link InetAddress#getByName}, which would resolve a host name
 * through DNS. IPv4 is strict dotted-quad without leading zeros (so {@code 010.0.0.1} cannot mean
 * octal to one parser and decimal to another); IPv6 accepts {@code ::} compression and an embedded
 * dotted-quad tail, but no zone id. Host bits past the prefix are ignored, as routers do. An IPv4
 * client seen through an IPv4-mapped IPv6 socket address ({@code ::ffff:a.b.c.d}) is matched as
 * IPv4.
 */
public final class CidrBlock {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private CidrBlock(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** Parses {@code text}, throwing {@link IllegalArgumentException} with a short reason. */
  public static CidrBlock parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = addr.indexOf(':') >= 0 ? parseV6(addr) : parseV4(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address: " + clip(addr));
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new IllegalArgumentException("bad prefix length: /" + clip(p));
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix /" + prefix + " is longer than " + max + " bits");
      }
    }
    mask(bytes, prefix);
    return new CidrBlock(bytes, prefix, text);
  }

  public int prefixLength() {
    return prefix;
  }

  public boolean isIpv6() {
    return network.length == 16;
  }

  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] a = address.getAddress();
    if (a.length == 16 && isV4Mapped(a)) {
      a = Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length != network.length) {
      return false;
    }
    int full = prefix >>> 3;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix & 7;
    if (rest != 0) {
      int m = (0xff << (8 - rest)) & 0xff;
      return (a[full] & m) == (network[full] & 0xff);
    }
    return true;
  }

  private static boolean isV4Mapped(byte[] a) {
    if (a.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  private static void mask(byte[] bytes, int prefix) {
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
    }
  }

  static byte[] parseV4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = s.length();
    while (true) {
      int start = i;
      int v = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) v;
      if (part == 4) {
        return i == n ? out : null;
      }
      if (i >= n || s.charAt(i) != '.') {
        return null;
      }
      i++;
    }
  }

  static byte[] parseV6(String s) {
    int n = s.length();
    if (n < 2 || n > 45) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int gap = -1; // index in groups where "::" stands
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    byte[] v4 = null;
    while (i < n) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < n && hex(s.charAt(i)) >= 0 && i - start < 4) {
        v = (v << 4) | hex(s.charAt(i));
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // Embedded IPv4 tail: takes the last two groups.
        v4 = parseV4(s.substring(start));
        if (v4 == null || count > 6) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = n;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = v;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null; // trailing single colon
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      int tail = count - gap;
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    }
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (full[g] >>> 8);
      out[2 * g + 1] = (byte) full[g];
    }
    return out;
  }

  /** ASCII hex only: {@link Character#digit} would also accept full-width and other digits. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String clip(String s) {
    return s.length() <= 48 ? s : s.substring(0, 48) + "…";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrBlock other && prefix == other.prefix
        && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
