package com.sttgateway.callbacks;

import com.sttgateway.proxy.Query;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * The query of a resubmission in relay mode: the relay URL as its callback (added when the client named none)
   * and {@code marker} as its {@code user_token}, the one field the upstream echoes in its job list, so that a
   * member taking over a resubmission cut off by a crash can find the copy the upstream already accepted. The
   * client's own token stays in the journal and is put back wherever the client sees the job. Without a client
   * callback URL the client's {@code events} are left out too: the upstream ignored them then and would act on them.
   */
  public static String marked(String rawQuery, String relayUrl, String marker) {
    boolean clientCallback = callbackUrl(rawQuery) != null;
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&", -1)) {
      String key = Query.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
      if (!key.equals("callback_url") && !key.equals("user_token") && (clientCallback || !key.equals("events"))) {
        kept.add(pair);
      }
    }
    kept.add(PARAM + RelayRegistrar.encode(relayUrl));
    kept.add("user_token=" + RelayRegistrar.encode(marker));
    return String.join("&", kept);
  }

  /**
   * What the client sees as {@code user_token} of a job journaled with {@code rawQuery}: its own, or "" when it
   * named none (as the upstream sends it in notifications).
   */
  public static String clientToken(String rawQuery) {
    String token = Query.firstOrNull(rawQuery, "user_token");
    return token == null ? "" : token;
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
