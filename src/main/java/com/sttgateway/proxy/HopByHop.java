package com.sttgateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Copies headers between the two sides of the proxy, leaving out the hop-by-hop ones (RFC 9110 §7.6.1). */
public final class HopByHop {

  private static final Set<String> ALWAYS = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
      "expect"); // the gateway answers 100-continue itself

  private HopByHop() {}

  /**
   * Copies every end-to-end header. Host and Content-Length are left to the caller: the client sets Host for the
   * upstream, and the length travels only when the body is forwarded as is.
   */
  public static void copy(MultiMap from, MultiMap to, Set<String> alsoSkip) {
    Set<String> skip = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    skip.addAll(ALWAYS);
    skip.addAll(alsoSkip);
    for (String token : from.getAll("connection")) {
      for (String name : token.split(",")) {
        skip.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    for (var e : from) {
      if (!skip.contains(e.getKey())) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }
}
