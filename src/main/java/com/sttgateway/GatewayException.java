package com.sttgateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A failure that becomes one client response in the upstream's error shape
 * {@code {"code", "code_description", "error"}}. Travels in failed Futures; written once, at the edge.
 */
public final class GatewayException extends RuntimeException {

  private final int status;

  public GatewayException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", status)
        .put("code_description", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("error", getMessage());
  }

  /** Answers with this error unless a response is already under way, in which case the connection is reset. */
  public void respond(HttpServerResponse response) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(toJson().encode());
  }
}
