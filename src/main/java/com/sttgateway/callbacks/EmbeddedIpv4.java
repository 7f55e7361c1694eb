package com.sttgateway.callbacks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The IPv4 address an IPv6 one carries, so {@code 169.254.0.0/16} also denies {@code ::169.254.169.254}
 * (IPv4-compatible), {@code 64:ff9b::a9fe:a9fe} (NAT64, RFC 6052) and {@code 2002:a9fe:a9fe::} (6to4). IPv4-mapped
 * addresses already arrive as IPv4 from the JDK. Stateless.
 */
final class EmbeddedIpv4 {

  private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

  private EmbeddedIpv4() {}

  /** {@code address} itself, then the IPv4 address it embeds when it embeds one. */
  static List<InetAddress> forms(InetAddress address) {
    InetAddress embedded = embedded(address);
    return embedded == null ? List.of(address) : List.of(address, embedded);
  }

  static InetAddress embedded(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    byte[] prefix = Arrays.copyOf(b, 12);
    boolean compatible = Arrays.equals(prefix, new byte[12]) && (b[12] | b[13] | b[14]) != 0; // not :: or ::1
    if (compatible || Arrays.equals(prefix, NAT64)) {
      return ipv4(Arrays.copyOfRange(b, 12, 16));
    }
    if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:AABB:CCDD::/48
      return ipv4(Arrays.copyOfRange(b, 2, 6));
    }
    return null;
  }

  private static InetAddress ipv4(byte[] four) {
    try {
      return (Inet4Address) InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always a valid address
    }
  }
}
