package com.sttgateway.simulator;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a client asked for when it created a job; immutable.
 *
 * @param query             the raw query string, kept so tests can see what the gateway forwarded
 * @param contentType       the Content-Type header, or null
 * @param model             the model parameter, or the upstream default
 * @param callbackUrl       the decoded, allowlisted callback URL, or null for a polled job
 * @param events            requested notifications (empty without a callback URL)
 * @param userToken         the user_token parameter (kept only with a callback URL), or null
 * @param resultsTtlMinutes results_ttl, default one week
 * @param warnings          warnings for ignored parameters, returned by the 201
 * @param models            the custom models the job runs with (fingerprints), resolved when it was created
 */
record JobRequest(String query, String contentType, String model, String callbackUrl, Set<JobEvent> events,
    String userToken, long resultsTtlMinutes, List<String> warnings, ModelUse models) {

  static final String DEFAULT_MODEL = "en-US_BroadbandModel";
  static final long DEFAULT_RESULTS_TTL_MINUTES = 10_080;

  JobRequest {
    events = Set.copyOf(events);
    warnings = List.copyOf(warnings);
  }

  /** Validates the query before any audio is read; throws {@link ApiException} with the upstream's status. */
  static JobRequest from(HttpServerRequest request, Predicate<String> allowlisted, Predicate<String> knownModel,
      ModelUse.Resolver customModels) {
    String model = request.getParam("model", DEFAULT_MODEL);
    // UNCONFIRMED upstream behaviour: chose 404 "Model X not found" for unknown models, as GET /v1/models/{id} answers.
    if (!knownModel.test(model)) {
      throw ApiException.notFound("Model " + model + " not found");
    }
    ModelUse models = customModels.resolve(model, request.params());
    long ttl = resultsTtl(request.getParam("results_ttl"));
    String callbackUrl = request.getParam("callback_url");
    String events = request.getParam("events");
    String userToken = request.getParam("user_token");
    if (callbackUrl == null) {
      List<String> warnings = new ArrayList<>();
      unexpectedWithoutCallback(events, "events", warnings);
      unexpectedWithoutCallback(userToken, "user_token", warnings);
      return new JobRequest(request.query(), contentType(request), model, null, Set.of(), null, ttl, warnings,
          models);
    }
    if (!allowlisted.test(callbackUrl)) {
      throw ApiException.badRequest("callback_url '" + callbackUrl + "' is not allowlisted: register it with "
          + "POST /v1/register_callback first");
    }
    Set<JobEvent> wanted = events == null ? JobEvent.DEFAULTS : JobEvent.parseList(events);
    return new JobRequest(request.query(), contentType(request), model, callbackUrl, wanted, userToken, ttl,
        List.of(), models);
  }

  boolean wants(JobEvent event) {
    return events.contains(event);
  }

  private static void unexpectedWithoutCallback(String value, String name, List<String> warnings) {
    if (value != null) {
      warnings.add("unexpected query parameter '" + name + "', query parameter 'callback_url' was not specified");
    }
  }

  // UNCONFIRMED upstream behaviour: chose 400 for a non-integer or non-positive results_ttl because no range is documented.
  private static long resultsTtl(String value) {
    if (value == null) {
      return DEFAULT_RESULTS_TTL_MINUTES;
    }
    try {
      long minutes = Long.parseLong(value.trim());
      if (minutes >= 1) {
        return minutes;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message as a non-positive value
    }
    throw ApiException.badRequest("The value '" + value + "' of query parameter 'results_ttl' is not a positive"
        + " integer number of minutes");
  }

  private static String contentType(HttpServerRequest request) {
    return request.getHeader(HttpHeaders.CONTENT_TYPE);
  }
}
