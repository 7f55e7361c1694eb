package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Query parameters and small JSON bodies of the custom model API, with the service's 400s; stateless. */
final class ModelParams {

  private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  private ModelParams() {
  }

  static boolean bool(HttpServerRequest request, String name, boolean fallback) {
    String value = request.getParam(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest("Invalid value '" + value + "' for query parameter '" + name
          + "' (expected: true or false)");
    };
  }

  /** customization_weight: absent, or a number from 0.0 to 1.0. */
  static Double weight(HttpServerRequest request) {
    String value = request.getParam("customization_weight");
    if (value == null) {
      return null;
    }
    try {
      double weight = Double.parseDouble(value.trim());
      if (weight >= 0 && weight <= 1) {
        return weight;
      }
    } catch (NumberFormatException e) {
      // same message as out of range
    }
    throw ApiException.badRequest("Invalid value '" + value + "' for query parameter 'customization_weight'"
        + " (expected: a number from 0.0 to 1.0)");
  }

  static String oneOf(HttpServerRequest request, String name, String fallback, String... allowed) {
    String value = request.getParam(name, fallback);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw ApiException.badRequest("Invalid value '" + value + "' for query parameter '" + name + "' (expected: "
        + String.join(", ", allowed) + ")");
  }

  /** Reads a JSON object body (these are small: model definitions and word lists). */
  static Future<JsonObject> json(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.matches("\\d+") && Long.parseLong(length) > MAX_JSON_BYTES) {
      return Future.failedFuture(new ApiException(413, "Request too large: at most " + MAX_JSON_BYTES + " bytes"));
    }
    return request.body().compose(body -> {
      if (body.length() == 0) {
        return Future.succeededFuture(new JsonObject());
      }
      try {
        return Future.succeededFuture(body.toJsonObject());
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(ApiException.badRequest("Malformed JSON in the request body: " + e.getMessage()));
      }
    });
  }

  static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw ApiException.badRequest("Missing required field '" + field + "' (a non-empty string)");
    }
    return text;
  }

  static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw ApiException.badRequest("Invalid value for '" + field + "' (expected: a string)");
    }
    return (String) value;
  }
}
