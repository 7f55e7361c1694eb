package com.sttgateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job filter flags of {@code ops jobs} and {@code ops replay}, as the ops API's query parameters
 * ({@code GET /ops/jobs}) or as the filter object of a bulk replay ({@code POST /ops/replays}).
 */
final class OpsFilters {

  /** Flag name to API parameter name, in the order they are sent. */
  private static final Map<String, String> PARAMETERS = parameters();

  private OpsFilters() {}

  private static Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("state", "state");
    p.put("tenant", "tenant");
    p.put("since", "createdSince");
    p.put("until", "createdUntil");
    p.put("updated-since", "updatedSince");
    p.put("updated-until", "updatedUntil");
    p.put("callback-url", "callbackUrl");
    p.put("min-attempts", "minAttempts");
    p.put("user-token", "userToken");
    return p;
  }

  static Set<String> flags() {
    return PARAMETERS.keySet();
  }

  static Set<String> with(Set<String> flags, String... more) {
    Set<String> all = new LinkedHashSet<>(flags);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /** The query of {@code GET /ops/jobs}: the filters given, plus --limit and --cursor. */
  static Map<String, String> query(OpsArgs args) {
    Map<String, String> query = new LinkedHashMap<>();
    PARAMETERS.forEach((flag, parameter) -> {
      if (args.has(flag)) {
        query.put(parameter, flag.equals("state") ? String.join(",", states(args)) : args.value(flag));
      }
    });
    if (args.has("min-attempts")) {
      query.put("minAttempts", String.valueOf(args.integer("min-attempts", 0, 0)));
    }
    if (args.has("limit")) {
      query.put("limit", String.valueOf(args.integer("limit", 1, 50)));
    }
    if (args.has("cursor")) {
      query.put("cursor", args.value("cursor"));
    }
    return query;
  }

  /** The filter object of {@code POST /ops/replays}: the same keys, state as a list, minAttempts a number. */
  static JsonObject body(OpsArgs args) {
    JsonObject filter = new JsonObject();
    PARAMETERS.forEach((flag, parameter) -> {
      if (args.has(flag)) {
        filter.put(parameter, args.value(flag));
      }
    });
    if (args.has("state")) {
      filter.put("state", new JsonArray(states(args)));
    }
    if (args.has("min-attempts")) {
      filter.put("minAttempts", args.integer("min-attempts", 0, 0));
    }
    return filter;
  }

  /** The --state list, lower case, checked against the job states so a typo is a usage error. */
  private static List<String> states(OpsArgs args) {
    List<String> states = Arrays.stream(args.value("state").split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).map(String::toLowerCase).toList();
    for (String state : states) {
      if (!OpsViews.STATES.contains(state)) {
        throw new OpsArgs.UsageException("--state '" + state + "' (expected: a comma list of "
            + String.join(", ", OpsViews.STATES) + ")");
      }
    }
    if (states.isEmpty()) {
      throw new OpsArgs.UsageException("--state needs at least one state");
    }
    return states;
  }
}
