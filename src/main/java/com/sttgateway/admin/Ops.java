package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every ops handler shares: the operator's identity, answering a {@code Future} as JSON, and the single place
 * a failure becomes an error response in the upstream's shape. Event loop only.
 */
final class Ops {

  static final String DEFAULT_OPERATOR = "operator";
  private static final int MAX_OPERATOR = 64;
  private static final Logger LOG = Logger.getLogger(Ops.class.getName());

  private Ops() {}

  /** {@code X-Operator}, trimmed, control characters dropped, at most 64 characters; "operator" when absent. */
  static String operator(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Operator");
    String clean = given == null ? "" : given.replaceAll("\\p{Cntrl}", "").strip();
    clean = clean.length() > MAX_OPERATOR ? clean.substring(0, MAX_OPERATOR).strip() : clean;
    return clean.isEmpty() ? DEFAULT_OPERATOR : clean;
  }

  /** Answers {@code status} with the body, or the failure in the error shape. */
  static void respond(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }

  /** The router's failure handler: GatewayException as is, a bad argument as 400, anything else as 500. */
  static void failed(RoutingContext ctx) {
    Throwable err = ctx.failure();
    GatewayException error;
    if (err instanceof GatewayException g) {
      error = g;
    } else if (err instanceof IllegalArgumentException) {
      error = new GatewayException(400, err.getMessage());
    } else if (err == null) {
      error = new GatewayException(ctx.statusCode() > 0 ? ctx.statusCode() : 500, "admin request failed");
    } else {
      LOG.log(Level.WARNING, "admin request " + ctx.request().method() + " " + ctx.request().path() + " failed", err);
      error = new GatewayException(500, String.valueOf(err.getMessage()));
    }
    error.respond(ctx.response());
  }

  static GatewayException notFound(String id) {
    return new GatewayException(404, "no job " + id + " in the journal");
  }
}
