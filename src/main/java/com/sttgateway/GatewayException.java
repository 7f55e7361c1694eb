package com.sttgateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure that becomes one client response in the upstream's error shape
 * {@code {"code", "code_description", "error"}}, with headers such as {@code Retry-After}. Travels in failed
 * Futures; written once, at the edge ({@link #of} turns any other failure into one).
 */
public final class GatewayException extends RuntimeException {

  private static final Logger LOG = Logger.getLogger(GatewayException.class.getName());

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public GatewayException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** A 503 the client should retry after {@code seconds}. */
  public static GatewayException unavailable(String message, int seconds) {
    return new GatewayException(503, message).withHeader("Retry-After", String.valueOf(seconds));
  }

  public GatewayException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  /**
   * The answer for any failure: a GatewayException as it is; an upstream that did not answer in time 504; any other
   * I/O failure on the way upstream 502. Only a bug is a 500, and it is logged with its stack trace.
   */
  public static GatewayException of(Throwable err) {
    if (err instanceof GatewayException g) {
      return g;
    }
    if (err instanceof TimeoutException) {
      return new GatewayException(504, "upstream did not answer in time: " + err.getMessage());
    }
    if (err instanceof RuntimeException && !(err instanceof io.vertx.core.VertxException)) {
      LOG.log(Level.SEVERE, "unexpected failure", err);
      return new GatewayException(500, "internal error in the gateway");
    }
    return new GatewayException(502, "upstream unreachable: " + err.getMessage());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", status)
        .put("code_description", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("error", getMessage());
  }

  /** Answers with this error unless a response is already under way, in which case the connection is reset. */
  public void respond(HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    headers.forEach(response::putHeader);
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(toJson().encode());
  }
}
