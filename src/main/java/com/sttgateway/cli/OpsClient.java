package com.sttgateway.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Blocking HTTP client of the admin port's ops API for the {@code ops} command: sends the bearer token and the
 * operator name, turns every answer but 2xx into an {@link OpsApiException}. Calling thread only.
 */
final class OpsClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;
  private final String operator;

  /** An API answer other than 2xx (status 0: the admin port could not be reached). */
  static final class OpsApiException extends RuntimeException {
    final int status;

    OpsApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** {@code token} and {@code operator} may be null: the header is then not sent. */
  OpsClient(String baseUrl, String token, String operator) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.operator = operator;
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonObject get(String path) {
    return send(request(path).GET());
  }

  JsonObject post(String path, JsonObject body) {
    String json = body == null ? "" : body.encode();
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** {@code path?key=value&...} with each value URL-encoded, skipping absent ones. */
  static String withQuery(String path, Map<String, String> query) {
    StringJoiner joined = new StringJoiner("&");
    query.forEach((k, v) -> joined.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return query.isEmpty() ? path : path + "?" + joined;
  }

  /** A path segment (a job or task id), encoded so it cannot change the path. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new OpsApiException(0, "bad admin URL '" + baseUrl + "': " + e.getMessage());
    }
    builder.header("Accept", "application/json");
    if (token != null && !token.isEmpty()) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (operator != null && !operator.isBlank()) {
      builder.header("X-Operator", operator.strip());
    }
    return builder;
  }

  private JsonObject send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OpsApiException(0, "cannot reach the admin port at " + baseUrl + " (" + describe(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsApiException(0, "interrupted");
    }
    String body = response.body();
    if (response.statusCode() / 100 != 2) {
      throw new OpsApiException(response.statusCode(), errorMessage(response.statusCode(), body));
    }
    if (body == null || body.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new OpsApiException(response.statusCode(), "the admin port answered something other than JSON: "
          + abbreviate(body));
    }
  }

  /** The upstream error shape's "error" field when there is one, else the start of the body. */
  private static String errorMessage(int status, String body) {
    String detail = abbreviate(body);
    try {
      JsonObject json = new JsonObject(body);
      detail = json.getString("error", json.getString("code_description", detail));
    } catch (RuntimeException e) {
      // not the error shape: keep the text
    }
    String hint = status == 401 ? " (check --token or GATEWAY_OPS_TOKEN)" : "";
    return status + ": " + detail + hint;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String abbreviate(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
