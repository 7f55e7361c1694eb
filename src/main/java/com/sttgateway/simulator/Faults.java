package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The injected faults (503 mode, throttling, latency) and the router handler that applies them before any API
 * route. State is volatile: tests and the admin port change it from any thread while event loops read it.
 */
final class Faults implements Handler<RoutingContext> {

  /** A fraction of API calls answered 429 with Retry-After; fraction 0 is off. */
  record Throttle(double fraction, int retryAfterSeconds) {
    static final Throttle OFF = new Throttle(0, 0);
  }

  private final Vertx vertx;
  private final LongAdder throttledCount = new LongAdder();
  private volatile boolean unavailable;
  private volatile Throttle throttle = Throttle.OFF;
  private volatile long latencyMillis;
  /** How long a created job's 201 waits: the job exists upstream meanwhile, its creator does not know it yet. */
  private volatile long createdReplyDelayMillis;
  private final Set<Promise<Void>> heldReplies = ConcurrentHashMap.newKeySet();
  /** API calls still to be dropped: their connection closed with no answer. */
  private final AtomicInteger dropping = new AtomicInteger();

  Faults(Vertx vertx) {
    this.vertx = vertx;
  }

  void unavailable(boolean value) {
    unavailable = value;
  }

  boolean unavailable() {
    return unavailable;
  }

  void throttle(Throttle value) {
    if (value.fraction() < 0 || value.fraction() > 1 || value.retryAfterSeconds() < 0) {
      throw new IllegalArgumentException("throttle: " + value + " (expected: fraction in [0,1], retry-after >= 0)");
    }
    throttle = value;
  }

  void latency(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("latency: " + value + " (expected: a duration >= 0)");
    }
    latencyMillis = value.toMillis();
  }

  /** Sets the delay; Duration.ZERO also lets every 201 still held go out now. */
  void createdReplyDelay(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("created reply delay: " + value + " (expected: a duration >= 0)");
    }
    createdReplyDelayMillis = value.toMillis();
    if (value.isZero()) {
      heldReplies.forEach(Promise::tryComplete);
    }
  }

  /** Completes once the 201 of a job just created may go out. */
  Future<Void> createdReplyDelay() {
    long delay = createdReplyDelayMillis;
    if (delay <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> due = Promise.promise();
    heldReplies.add(due);
    vertx.setTimer(delay, id -> due.tryComplete());
    return due.future().andThen(done -> heldReplies.remove(due));
  }

  void drop(int calls) {
    dropping.set(Math.max(0, calls));
  }

  long throttled() {
    return throttledCount.sum();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long delay = latencyMillis;
    if (delay <= 0) {
      answerOrPass(ctx);
      return;
    }
    // Body chunks that arrive while no handler is set are dropped, so hold the body until a route reads it.
    ctx.request().pause();
    vertx.setTimer(delay, id -> {
      if (!Replies.bodyPending(ctx.request())) {
        ctx.request().resume(); // nothing to lose, and a paused end would stall the keep-alive connection
      }
      answerOrPass(ctx);
    });
  }

  private void answerOrPass(RoutingContext ctx) {
    // Read first: no atomic write on every call while nothing is to be dropped.
    if (dropping.get() > 0 && dropping.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      ctx.request().connection().close(); // the request was read; the answer never comes
      return;
    }
    if (unavailable) {
      ctx.fail(new ApiException(503, "The service is currently unavailable. Try again later."));
      return;
    }
    // UNCONFIRMED upstream behaviour: chose 429 + Retry-After in the error shape because sdk-core maps 429 and honours it.
    Throttle current = throttle;
    if (current.fraction() > 0 && ThreadLocalRandom.current().nextDouble() < current.fraction()) {
      throttledCount.increment();
      ctx.response().putHeader("Retry-After", Integer.toString(current.retryAfterSeconds()));
      ctx.fail(new ApiException(429, "Too many requests. Try again after " + current.retryAfterSeconds()
          + " seconds."));
      return;
    }
    ctx.next();
  }
}
