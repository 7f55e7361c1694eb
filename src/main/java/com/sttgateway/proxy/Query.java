package com.sttgateway.proxy;

import com.sttgateway.GatewayException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The one query-string parser (form encoding: {@code +} is a space, {@code %XX} escapes in UTF-8). A malformed
 * escape is the client's error: a 400 in the upstream's shape, never an exception that escapes a handler.
 */
public final class Query {

  private Query() {}

  /** Fails with a 400 GatewayException when {@code raw} has a malformed escape. */
  public static void check(String raw) {
    if (raw != null) {
      for (String pair : raw.split("&")) {
        decode(pair);
      }
    }
  }

  /** The first value of {@code name}, decoded; null when absent. Fails with a 400 on a malformed escape. */
  public static String first(String raw, String name) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  /** As {@link #first}, but null for a malformed query too: for queries journaled before they were checked. */
  public static String firstOrNull(String raw, String name) {
    try {
      return first(raw, name);
    } catch (GatewayException e) {
      return null;
    }
  }

  public static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(400, "malformed query string: " + e.getMessage());
    }
  }
}
