package com.sttgateway.journal;

import com.sttgateway.proxy.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One journaled job, stored as {@code jobs/{clientId}/record.json} (format version 1) and indexed in Hazelcast.
 * Immutable: every change makes a new record with one more history entry.
 *
 * @param upstreamId the id the upstream knows the job by; null while queued
 * @param tenant     fingerprint of the submitting credential (a hash, never the secret)
 * @param sealedAuthorization the submitter's Authorization header encrypted with the journal key, kept for
 *                   replay when {@code replay.auth} is {@code client}; null otherwise
 * @param basePath   the upstream path prefix before {@code /v1/recognitions} (e.g. {@code /instances/abc})
 * @param query      the raw query string as the client sent it ("" when none)
 * @param headers    the request headers that shape the job (Content-Type, Content-Encoding, X-Watson-*)
 * @param audioKey   object key of the audio exactly as received
 * @param lastStatus the last status body seen from the upstream (or minted while queued), answered when it is down
 * @param retainUntil when the sweeper may remove what is left (tombstones, failed jobs' audio); null: never
 * @param claim      who is resubmitting the job right now, and until when; null when nobody is
 */
public record JobRecord(String clientId, String upstreamId, JobState state, String tenant,
    String sealedAuthorization, String basePath,
    String query, Map<String, String> headers, String audioKey, long audioBytes, String audioSha256,
    Instant created, Instant updated, int attempts, JsonObject lastStatus, Instant retainUntil,
    List<HistoryEntry> history, Claim claim) {

  public static final int VERSION = 1;
  private static final DateTimeFormatter SORTABLE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * One line of the job's history: what happened, when, and the detail (reason, result); {@code by} names the
   * operator who asked for it (null for the gateway's own doings, and then not serialized).
   */
  public record HistoryEntry(Instant at, String event, String detail, String by) {
    public HistoryEntry(Instant at, String event, String detail) {
      this(at, event, detail, null);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("at", at.toString()).put("event", event).put("detail", detail);
      return by == null ? json : json.put("by", by);
    }

    static HistoryEntry fromJson(JsonObject json) {
      return new HistoryEntry(Instant.parse(json.getString("at")), json.getString("event"), json.getString("detail"),
          json.getString("by"));
    }
  }

  public JobRecord {
    headers = Map.copyOf(headers);
    history = List.copyOf(history);
  }

  /** A copy in {@code newState} with {@code upstreamId}, the status body, and a history entry. */
  public JobRecord transition(JobState newState, String newUpstreamId, JsonObject status, Instant retain,
      String event, String detail) {
    return transition(newState, newUpstreamId, status, retain, event, detail, null);
  }

  /** As {@link #transition(JobState, String, JsonObject, Instant, String, String)}, done for operator {@code by}. */
  public JobRecord transition(JobState newState, String newUpstreamId, JsonObject status, Instant retain,
      String event, String detail, String by) {
    Instant now = Instant.now();
    List<HistoryEntry> h = new ArrayList<>(history);
    h.add(new HistoryEntry(now, event, detail, by));
    return new JobRecord(clientId, newUpstreamId, newState, tenant, sealedAuthorization, basePath, query, headers,
        audioKey, audioBytes, audioSha256, created, now, attempts, status, retain, h, null);
  }

  /** A copy queued again under the same client id (the upstream lost it), answered as waiting meanwhile. */
  public JobRecord lost(String why) {
    return requeued("lost", why, null);
  }

  /** A copy queued again (no upstream id, answered as waiting), for {@code event} done by {@code by} (nullable). */
  public JobRecord requeued(String event, String detail, String by) {
    JsonObject waiting = new JsonObject().put("id", clientId).put("status", "waiting")
        .put("created", created.toString()).put("updated", Instant.now().toString());
    return transition(JobState.QUEUED, null, waiting, null, event, detail, by);
  }

  /** The upstream's default results_ttl: one week (watson-async-api.md, "results retention"). */
  public static final Duration DEFAULT_RESULTS_TTL = Duration.ofMinutes(10_080);

  /** How long the upstream keeps this job's results after it finished: results_ttl minutes, else the default. */
  public Duration resultsTtl() {
    String value = queryParam("results_ttl");
    // A value that is not a positive integer is the upstream's to reject; the default applies here.
    return value != null && value.matches("[1-9]\\d{0,8}") ? Duration.ofMinutes(Long.parseLong(value))
        : DEFAULT_RESULTS_TTL;
  }

  /** The callback URL the job names, normalized as registrations are; null when none (or not a valid URL). */
  public String callbackUrl() {
    String url = queryParam("callback_url");
    try {
      return url == null ? null : CallbackRegistration.normalize(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The first value of a query parameter, decoded; null when absent, or when the journaled query is malformed. */
  private String queryParam(String name) {
    return Query.firstOrNull(query, name);
  }

  public JobRecord withAttempts(int newAttempts) {
    return new JobRecord(clientId, upstreamId, state, tenant, sealedAuthorization, basePath, query, headers, audioKey,
        audioBytes, audioSha256, created, updated, newAttempts, lastStatus, retainUntil, history, claim);
  }

  /** A copy held by {@code newClaim} (a resubmission under way); every transition releases it. */
  public JobRecord claimed(Claim newClaim) {
    return new JobRecord(clientId, upstreamId, state, tenant, sealedAuthorization, basePath, query, headers, audioKey,
        audioBytes, audioSha256, created, updated, attempts, lastStatus, retainUntil, history, newClaim);
  }

  /**
   * A resubmission in flight: {@code owner} (the cluster member's id and the attempt's) sends the job and nobody
   * else may until {@code until}, or until the owning member has left the cluster.
   */
  public record Claim(String owner, Instant until) {
    public JsonObject toJson() {
      return new JsonObject().put("owner", owner).put("until", until.toString());
    }

    static Claim fromJson(JsonObject json) {
      return json == null ? null : new Claim(json.getString("owner"), Instant.parse(json.getString("until")));
    }

    /** The member part of the owner ("member/attempt"). */
    public String member() {
      int slash = owner.indexOf('/');
      return slash < 0 ? owner : owner.substring(0, slash);
    }

    /** The {@code user_token} this attempt's upstream copy carries in relay mode, to be found by after a crash. */
    public String marker() {
      return "sttgw-" + owner.substring(owner.indexOf('/') + 1);
    }
  }

  public JsonObject toJson() {
    JsonArray h = new JsonArray();
    history.forEach(e -> h.add(e.toJson()));
    return new JsonObject()
        .put("version", VERSION)
        .put("clientId", clientId)
        .put("upstreamId", upstreamId)
        .put("state", state.json())
        .put("tenant", tenant)
        .put("sealedAuthorization", sealedAuthorization)
        .put("request", new JsonObject().put("basePath", basePath).put("query", query)
            .put("headers", new JsonObject(new TreeMap<>(headers))))
        .put("audio", new JsonObject().put("key", audioKey).put("bytes", audioBytes).put("sha256", audioSha256))
        .put("created", sortable(created))
        .put("updated", sortable(updated))
        .put("attempts", attempts)
        .put("lastStatus", lastStatus)
        .put("retainUntil", retainUntil == null ? null : retainUntil.toString())
        .put("history", h)
        .put("claim", claim == null ? null : claim.toJson());
  }

  /**
   * ISO-8601 with all nine fraction digits, so that the index's string order is time order (Instant.toString()
   * drops trailing zero groups: "...:05Z" would sort after "...:05.1Z"). Instant.parse reads it back.
   */
  public static String sortable(Instant at) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return SORTABLE.format(at);
    }
    // What SORTABLE prints, written out: its formatter took a tenth of a journal reload's CPU.
    char[] c = "0000-00-00T00:00:00.000000000Z".toCharArray();
    digits(c, 0, 4, t.getYear());
    digits(c, 5, 2, t.getMonthValue());
    digits(c, 8, 2, t.getDayOfMonth());
    digits(c, 11, 2, t.getHour());
    digits(c, 14, 2, t.getMinute());
    digits(c, 17, 2, t.getSecond());
    digits(c, 20, 9, t.getNano());
    return new String(c);
  }

  /** {@code value} in {@code width} decimal digits, zero-padded, at {@code from}. */
  private static void digits(char[] c, int from, int width, int value) {
    for (int i = from + width - 1; i >= from; i--, value /= 10) {
      c[i] = (char) ('0' + value % 10);
    }
  }

  public static JobRecord fromJson(JsonObject json) {
    if (json.getInteger("version", 0) != VERSION) {
      throw new IllegalArgumentException("job record version " + json.getValue("version") + " (expected " + VERSION + ")");
    }
    JsonObject request = json.getJsonObject("request");
    JsonObject audio = json.getJsonObject("audio");
    Map<String, String> headers = new TreeMap<>();
    request.getJsonObject("headers").forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    List<HistoryEntry> history = new ArrayList<>();
    json.getJsonArray("history").forEach(o -> history.add(HistoryEntry.fromJson((JsonObject) o)));
    String retain = json.getString("retainUntil");
    return new JobRecord(json.getString("clientId"), json.getString("upstreamId"),
        JobState.fromJson(json.getString("state")), json.getString("tenant"),
        json.getString("sealedAuthorization"), request.getString("basePath"),
        request.getString("query"), headers, audio.getString("key"), audio.getLong("bytes"),
        audio.getString("sha256"), Instant.parse(json.getString("created")), Instant.parse(json.getString("updated")),
        json.getInteger("attempts"), json.getJsonObject("lastStatus"), retain == null ? null : Instant.parse(retain),
        history, Claim.fromJson(json.getJsonObject("claim")));
  }
}
