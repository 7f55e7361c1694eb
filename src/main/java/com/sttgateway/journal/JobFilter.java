package com.sttgateway.journal;

import com.sttgateway.proxy.Query;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which jobs an operator asks for; every part optional (null or empty: no constraint). Time ranges are half open:
 * {@code since} inclusive, {@code until} exclusive. Tested against each job's summary ({@link JobSummaries}); the
 * callback URL and the user token live in the journaled query string.
 * Immutable; any thread.
 */
public record JobFilter(Set<JobState> states, String tenant, Instant createdSince, Instant createdUntil,
    Instant updatedSince, Instant updatedUntil, String callbackUrl, Integer minAttempts, String userToken)
    implements Serializable {

  public static final List<String> KEYS = List.of("state", "tenant", "createdSince", "createdUntil", "updatedSince",
      "updatedUntil", "callbackUrl", "minAttempts", "userToken");

  public JobFilter {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(states);
    callbackUrl = callbackUrl == null ? null : CallbackRegistration.normalize(callbackUrl);
  }

  /** No constraint but {@code states}. */
  public static JobFilter inStates(Set<JobState> states) {
    return new JobFilter(states, null, null, null, null, null, null, null, null);
  }

  /**
   * From request parameters ({@code state} a comma list).
   *
   * @throws IllegalArgumentException naming the parameter and what was expected
   */
  public static JobFilter fromParams(Function<String, String> param) {
    String state = blankToNull(param.apply("state"));
    return of(state == null ? List.of() : Arrays.asList(state.split(",")), param);
  }

  /** From a JSON object with the same keys ({@code state} a list, or a comma list). */
  public static JobFilter fromJson(JsonObject json) {
    Object state = json.getValue("state");
    List<String> states = new ArrayList<>();
    if (state instanceof JsonArray list) {
      list.forEach(s -> states.add(String.valueOf(s)));
    } else if (state != null) {
      states.addAll(Arrays.asList(String.valueOf(state).split(",")));
    }
    return of(states, key -> json.getValue(key) == null ? null : String.valueOf(json.getValue(key)));
  }

  private static JobFilter of(List<String> stateNames, Function<String, String> param) {
    Set<JobState> states = EnumSet.noneOf(JobState.class);
    for (String name : stateNames) {
      if (!name.isBlank()) {
        states.add(state(name.strip()));
      }
    }
    String callback = blankToNull(param.apply("callbackUrl"));
    try {
      return new JobFilter(states, blankToNull(param.apply("tenant")), instant("createdSince", param),
          instant("createdUntil", param), instant("updatedSince", param), instant("updatedUntil", param), callback,
          attempts(param.apply("minAttempts")), blankToNull(param.apply("userToken")));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("callback_url") ? new IllegalArgumentException(
          "callbackUrl: '" + callback + "' (expected: an http(s) URL)") : e;
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (!states.isEmpty()) {
      json.put("state", new JsonArray(states.stream().sorted().map(JobState::json).toList()));
    }
    putIfSet(json, "tenant", tenant);
    putIfSet(json, "createdSince", createdSince);
    putIfSet(json, "createdUntil", createdUntil);
    putIfSet(json, "updatedSince", updatedSince);
    putIfSet(json, "updatedUntil", updatedUntil);
    putIfSet(json, "callbackUrl", callbackUrl);
    putIfSet(json, "minAttempts", minAttempts);
    putIfSet(json, "userToken", userToken);
    return json;
  }

  /** True when {@code job} matches every part that is set. */
  boolean matches(JobSummary job) {
    return (states.isEmpty() || states.contains(job.state()))
        && (tenant == null || tenant.equals(job.tenant()))
        && within(job.created(), createdSince, createdUntil)
        && within(job.updated(), updatedSince, updatedUntil)
        && (minAttempts == null || job.attempts() >= minAttempts)
        && (!needsQuery() || matchesQuery(job.query()));
  }

  private static boolean within(long nanos, Instant since, Instant until) {
    return (since == null || nanos >= JobSummary.nanos(since)) && (until == null || nanos < JobSummary.nanos(until));
  }

  /** True when a match needs the journaled query string ({@link #matchesQuery}). */
  boolean needsQuery() {
    return callbackUrl != null || userToken != null;
  }

  /** The callback URL (normalized, equal) and the user token (substring) against a job's raw query string. */
  boolean matchesQuery(String rawQuery) {
    if (callbackUrl != null) {
      String url = Query.firstOrNull(rawQuery, "callback_url");
      if (url == null || !callbackUrl.equals(normalizedOrNull(url))) {
        return false;
      }
    }
    String token = userToken == null ? null : Query.firstOrNull(rawQuery, "user_token");
    return userToken == null || token != null && token.contains(userToken);
  }

  private static JobState state(String name) {
    try {
      return JobState.fromJson(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("state: '" + name + "' (expected: "
          + Arrays.stream(JobState.values()).map(JobState::json).collect(Collectors.joining(", ")) + ")");
    }
  }

  private static Instant instant(String key, Function<String, String> param) {
    String value = blankToNull(param.apply(key));
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' (expected: an ISO-8601 instant such as "
          + "2026-11-24T08:00:00Z)");
    }
  }

  private static Integer attempts(String value) {
    if (blankToNull(value) == null) {
      return null;
    }
    if (!value.strip().matches("\\d{1,9}")) {
      throw new IllegalArgumentException("minAttempts: '" + value + "' (expected: a whole number, 0 or more)");
    }
    return Integer.parseInt(value.strip());
  }

  private static String normalizedOrNull(String url) {
    try {
      return CallbackRegistration.normalize(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value instanceof Instant i ? i.toString() : value);
    }
  }
}
