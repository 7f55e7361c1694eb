package com.sttgateway.callbacks;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of {@code callbacks.allow}/{@code callbacks.deny}: a CIDR ({@code 169.254.0.0/16}, {@code fe80::/10}),
 * an IP address (a single-address range), or a host name ({@code metadata.google.internal}; {@code *.example.com}
 * matches its subdomains). Immutable.
 */
record HostRule(String text, byte[] network, int prefix, String name) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** @throws IllegalArgumentException naming the entry when it is neither a CIDR, an address nor a host name */
  static HostRule parse(String text) {
    String entry = text.trim().toLowerCase(Locale.ROOT);
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (!IPV4.matcher(address).matches() && !address.contains(":")) {
      if (slash >= 0 || entry.isEmpty()) {
        throw new IllegalArgumentException("callback host rule '" + text + "' (expected: a CIDR, an address or a host)");
      }
      return new HostRule(entry, null, 0, entry);
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no DNS lookup
      int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("prefix out of range");
      }
      return new HostRule(entry, bytes, bits, null);
    } catch (Exception e) {
      throw new IllegalArgumentException("callback host rule '" + text + "' (expected: a CIDR such as 169.254.0.0/16)");
    }
  }

  /** A name rule that names {@code host} (lower case), exactly or as a {@code *.} suffix. */
  boolean matchesName(String host) {
    if (name == null) {
      return false;
    }
    return name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name);
  }

  /** An address rule whose range holds {@code address} (IPv4-mapped IPv6 addresses arrive as IPv4). */
  boolean matches(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (network == null || bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    int mask = rest == 0 ? 0 : (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (bytes[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
