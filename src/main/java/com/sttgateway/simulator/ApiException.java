package com.sttgateway.simulator;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;

/** An API failure that carries its HTTP status; becomes the upstream's error body once, in {@link Replies}. */
final class ApiException extends RuntimeException {

  private final int status;
  private final boolean withDescription;

  ApiException(int status, String message) {
    this(status, message, true);
  }

  private ApiException(int status, String message, boolean withDescription) {
    super(message, null, false, false);
    this.status = status;
    this.withDescription = withDescription;
  }

  /** The observed 401 variant has no code_description: {"code":401,"error":"Unauthorized"}. */
  static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", false);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  int status() {
    return status;
  }

  /** {"code":N,"code_description":"<HTTP reason>","error":"<message>"}. */
  JsonObject toJson() {
    JsonObject body = new JsonObject().put("code", status);
    if (withDescription) {
      body.put("code_description", HttpResponseStatus.valueOf(status).reasonPhrase());
    }
    return body.put("error", getMessage());
  }
}
