package com.sttgateway.recovery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Spaces calls evenly at most {@code perSecond} a second, and holds every call until a {@code Retry-After} the
 * upstream asked for has passed. Event loop only (one recovery context).
 */
public final class RateLimiter {

  private final Vertx vertx;
  private final double intervalMillis;
  private double nextFree;

  public RateLimiter(Vertx vertx, double perSecond) {
    this.vertx = vertx;
    this.intervalMillis = 1000.0 / perSecond;
  }

  /** Completes when this call may go. */
  public Future<Void> acquire() {
    double now = System.nanoTime() / 1e6;
    double slot = Math.max(now, nextFree);
    nextFree = slot + intervalMillis;
    long wait = (long) Math.ceil(slot - now);
    if (wait <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> go = Promise.promise();
    vertx.setTimer(wait, t -> go.complete());
    return go.future();
  }

  /** No call before {@code millis} from now (the upstream's Retry-After). */
  void holdFor(long millis) {
    nextFree = Math.max(nextFree, System.nanoTime() / 1e6 + millis);
  }
}
