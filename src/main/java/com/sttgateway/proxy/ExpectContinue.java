package com.sttgateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

/**
 * Asks the upstream before sending it a body ({@code Expect: 100-continue}, RFC 9110 §10.1.1): an upstream that
 * refuses the request (a 401 for a bad token) answers before any of a large body is on the wire, instead of
 * closing the connection under it, which loses its answer. An upstream that ignores the header gets the body after
 * {@link #FALLBACK_MILLIS}, as curl does. Event loop of the request.
 */
public final class ExpectContinue {

  /**
   * How long an upstream that does not answer 100 Continue waits for the body. At 1 s a busy upstream (the simulator
   * on a loaded test machine) sometimes had not answered a refused token yet, the body went out, the upstream closed
   * under it and its 401 was lost: the client got a 503 instead. 3 s costs a body 3 s only with an upstream that
   * ignores {@code Expect}; one that honours it continues at once.
   */
  public static final long FALLBACK_MILLIS = 3000;

  private ExpectContinue() {}

  /** Sends {@code upstream}'s head; completes when it may get the body: 100 Continue, an answer, or the fallback. */
  public static Future<Void> goAhead(HttpClientRequest upstream) {
    Vertx vertx = Vertx.currentContext().owner();
    Promise<Void> go = Promise.promise();
    upstream.putHeader("Expect", "100-continue");
    upstream.continueHandler(v -> go.tryComplete());
    upstream.response().onComplete(ar -> go.tryComplete());
    long timer = vertx.setTimer(FALLBACK_MILLIS, id -> go.tryComplete());
    upstream.sendHead().onFailure(err -> go.tryComplete()); // the answer will say what broke
    return go.future().andThen(ar -> vertx.cancelTimer(timer));
  }
}
