package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes JSON answers and turns failures into the upstream's error shape; event loop of the request. */
final class Replies {

  private static final Logger LOG = Logger.getLogger(Replies.class.getName());
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private Replies() {
  }

  static Future<Void> json(HttpServerResponse response, int status, JsonObject body) {
    return json(response, status, body.toBuffer());
  }

  static Future<Void> json(HttpServerResponse response, int status, Buffer body) {
    return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(body);
  }

  /**
   * The router's failure handler: ApiException keeps its status, a query that cannot be decoded is the client's
   * 400 (UNCONFIRMED: the service's answer to a malformed escape; 400 is the safe reading, and a 5xx would count
   * toward the gateway's outage detection), anything else is a 500.
   */
  static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiException error;
    if (failure instanceof ApiException api) {
      error = api;
    } else if (failure instanceof IllegalArgumentException && !validQuery(ctx.request().query())) {
      error = ApiException.badRequest("Malformed query string");
    } else if (failure == null) {
      error = new ApiException(ctx.statusCode(), "request failed");
    } else {
      LOG.log(Level.WARNING, "simulator: unexpected failure on " + ctx.request().path(), failure);
      error = new ApiException(500, "Internal Server Error");
    }
    error(ctx.request(), error);
  }

  private static boolean validQuery(String query) {
    try {
      java.net.URLDecoder.decode(query == null ? "" : query, java.nio.charset.StandardCharsets.UTF_8);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Answers with the error body. A body the client is still sending is not drained: the connection closes once
   * the answer is out, the way a front end refuses an upload it will not read.
   */
  static void error(HttpServerRequest request, ApiException error) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // A streaming answer (sync recognize keep-alive) already committed 200: end it with the error JSON.
      response.end(error.toJson().toBuffer()).onComplete(v -> request.connection().close());
      return;
    }
    boolean abandonBody = bodyPending(request);
    if (abandonBody) {
      request.pause();
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    json(response, error.status(), error.toJson()).onComplete(v -> {
      if (abandonBody) {
        request.connection().close();
      }
    });
  }

  /** True when the request announced a body that has not been read to its end. */
  static boolean bodyPending(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
  }
}
