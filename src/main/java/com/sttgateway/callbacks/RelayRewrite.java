package com.sttgateway.callbacks;

import com.sttgateway.proxy.Query;

/**
 * Reads and replaces {@code callback_url} in a raw job query. The journal keeps the client's original query (the
 * client's callback URL is read from it); only what goes upstream names the relay URL. Stateless.
 */
public final class RelayRewrite {

  private static final String PARAM = "callback_url=";

  private RelayRewrite() {}

  /** The decoded {@code callback_url} of {@code rawQuery}; null when it has none; a 400 when malformed. */
  public static String callbackUrl(String rawQuery) {
    return Query.first(rawQuery, "callback_url");
  }

  /** {@code rawQuery} with its {@code callback_url} replaced by {@code relayUrl}; every other byte kept. */
  public static String toRelay(String rawQuery, String relayUrl) {
    if (relayUrl == null || callbackUrl(rawQuery) == null) {
      return rawQuery;
    }
    return java.util.Arrays.stream(rawQuery.split("&", -1))
        .map(pair -> pair.startsWith(PARAM) ? PARAM + RelayRegistrar.encode(relayUrl) : pair)
        .collect(java.util.stream.Collectors.joining("&"));
  }
}
