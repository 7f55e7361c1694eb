package com.sttgateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * One family of routes the gateway intercepts (jobs, callbacks, relay; next, models). {@link FrontDoor} asks each
 * in turn; the first that returns a handling owns the request.
 */
@FunctionalInterface
public interface RouteFamily {

  /** Null: not this family's request (decided from the method and path alone). */
  Handling route(HttpServerRequest request);

  /**
   * The handling of one request: completes true once the request is its own (answered, or being answered), false
   * to hand the still unread (paused) request to the passthrough after all; a failure is answered once, by the
   * front door.
   */
  @FunctionalInterface
  interface Handling {
    Future<Boolean> run();
  }
}
