package com.sttgateway.journal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One callback URL a client registered, as journaled in {@code callbacks/{sha256 of url}.json} (format version 1).
 *
 * @param url             the normalized URL ({@link #normalize})
 * @param encryptedSecret the client's {@code user_secret} as {@link SecretBox#encrypt} made it; null when none
 * @param tenant          fingerprint of the registering credential (opaque)
 * @param lastResult      the last registration's outcome, e.g. {@code "201 created"}, {@code "200 already created"}
 * @param history         registrations whose outcome differed from the one before, oldest first, the last
 *                        {@value #HISTORY_KEPT} only (a run every minute repeating "200 already created" adds nothing)
 */
public record CallbackRegistration(String url, String encryptedSecret, String tenant, Instant created,
    Instant updated, String lastResult, List<JobRecord.HistoryEntry> history) {

  public static final int VERSION = 1;
  static final int HISTORY_KEPT = 50;

  public CallbackRegistration {
    history = List.copyOf(history);
  }

  /** A first registration: its history starts with {@code lastResult}. */
  public CallbackRegistration(String url, String encryptedSecret, String tenant, Instant created, Instant updated,
      String lastResult) {
    this(url, encryptedSecret, tenant, created, updated, lastResult,
        List.of(new JobRecord.HistoryEntry(created, "registered", lastResult)));
  }

  /** The same registration, registered again at {@code now} ({@code why}) with {@code result}. */
  public CallbackRegistration withResult(String result, Instant now, String why) {
    List<JobRecord.HistoryEntry> h = new ArrayList<>(history);
    if (!result.equals(lastResult)) {
      h.add(new JobRecord.HistoryEntry(now, "reregistered", why + ": " + result));
    }
    return new CallbackRegistration(url, encryptedSecret, tenant, created, now, result,
        h.subList(Math.max(0, h.size() - HISTORY_KEPT), h.size()));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("version", VERSION)
        .put("url", url)
        .put("encryptedSecret", encryptedSecret)
        .put("tenant", tenant)
        .put("created", created.toString())
        .put("updated", updated.toString())
        .put("lastResult", lastResult)
        .put("history", new JsonArray(history.stream().map(JobRecord.HistoryEntry::toJson).toList()));
  }

  public static CallbackRegistration fromJson(JsonObject json) {
    if (json.getInteger("version", 0) != VERSION) {
      throw new IllegalArgumentException(
          "callback registration version " + json.getValue("version") + " (expected " + VERSION + ")");
    }
    return new CallbackRegistration(json.getString("url"), json.getString("encryptedSecret"),
        json.getString("tenant"), Instant.parse(json.getString("created")), Instant.parse(json.getString("updated")),
        json.getString("lastResult"), json.getJsonArray("history", new JsonArray()).stream()
            .map(e -> JobRecord.HistoryEntry.fromJson((JsonObject) e)).toList());
  }

  /**
   * The URL as journaled and compared: scheme and host in lower case, the default port (80 for http, 443 for
   * https) dropped, path and query kept exactly as given, fragment dropped.
   *
   * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
   */
  public static String normalize(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("callback_url: '" + url + "' (expected: an http(s) URL)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("callback_url: '" + url + "' (expected: an http(s) URL)");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
    StringBuilder out = new StringBuilder(scheme).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(uri.getRawUserInfo()).append('@');
    }
    out.append(uri.getHost().toLowerCase(Locale.ROOT));
    if (!defaultPort) {
      out.append(':').append(port);
    }
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      out.append('?').append(uri.getRawQuery());
    }
    return out.toString();
  }
}
