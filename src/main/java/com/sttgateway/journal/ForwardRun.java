package com.sttgateway.journal;

import com.sttgateway.proxy.ExpectContinue;
import com.sttgateway.proxy.UnfinishedRequests;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.logging.Logger;

/** One {@link JournaledForward#forward}: what each side's news means for the other. Event loop of the request. */
final class ForwardRun {

  private static final Logger LOG = Logger.getLogger(ForwardRun.class.getName());

  private final Vertx vertx;
  private final ObjectStore store;
  private final HttpServerRequest body;
  private final HttpClientRequest upstream;
  private final JournaledForward.Target target;
  private final Predicate<UpstreamReply> keepAfter4xx;
  private final BodySink sink;
  private final ForwardTee tee;
  private final Duration stall;
  private final Promise<JournaledForward.Stored> stored = Promise.promise();
  private Future<UpstreamReply> reply;
  private long timer = -1;

  ForwardRun(Vertx vertx, ObjectStore store, HttpServerRequest body, HttpClientRequest upstream,
      JournaledForward.Target target, Predicate<UpstreamReply> keepAfter4xx, BodySink sink, Duration stall) {
    this.vertx = vertx;
    this.store = store;
    this.body = body;
    this.upstream = upstream;
    this.target = target;
    this.keepAfter4xx = keepAfter4xx;
    this.sink = sink;
    this.stall = stall;
    this.tee = new ForwardTee(upstream, sink, target.maxBytes(), this::refuse);
  }

  Future<JournaledForward.Outcome> start() {
    reply = upstream == null ? Future.failedFuture("upstream unreachable")
        : upstream.response().compose(UpstreamReply::read);
    reply.onComplete(this::answered);
    sink.result().onComplete(ar -> {
      if (ar.succeeded()) {
        stored.tryComplete(new JournaledForward.Stored(target.key(), tee.bytes(), sink.sha256Hex()));
      } else {
        storeFailed(ar.cause());
      }
    });
    Future<Void> goAhead = upstream == null ? Future.succeededFuture() : ExpectContinue.goAhead(upstream);
    goAhead.onComplete(v -> readBody());
    return Future.join(stored.future(), reply).transform(ar -> {
      vertx.cancelTimer(timer);
      return rejected(reply) && stored.future().succeeded()
          ? store.remove(target.key()).otherwiseEmpty().map(v -> outcome(rejection(reply.result())))
          : Future.succeededFuture(outcome(stored.future()));
    });
  }

  /** Once the upstream said go ahead (or answered already, which {@link #answered} has dealt with). */
  private void readBody() {
    if (body.response().closed()) {
      refuse(new IllegalStateException("the client went away before its body was read"));
      return;
    }
    body.pipe().endOnFailure(false).to(tee).onFailure(this::refuse); // only the client fails: tee writes never do
    timer = vertx.setPeriodic(Math.max(100, stall.toMillis() / 4), id -> checkStall());
  }

  /** The upstream answered (or broke): anything but a 201 ends the upstream copy. */
  private void answered(AsyncResult<UpstreamReply> answer) {
    if (answer.succeeded() && answer.result().status() == 201) {
      return;
    }
    tee.detachUpstream();
    if (upstream != null && !tee.upstreamEnded()) {
      UnfinishedRequests.abandon(upstream, new IllegalStateException("answered before the body was sent"));
    }
    if (rejected(answer)) {
      sink.abort(rejection(answer.result()).cause());
      tee.discard();
    }
  }

  private boolean rejected(AsyncResult<UpstreamReply> answer) {
    return answer.succeeded() && answer.result().status() >= 400 && answer.result().status() < 500
        && !keepAfter4xx.test(answer.result());
  }

  private static Future<JournaledForward.Stored> rejection(UpstreamReply answer) {
    return Future.failedFuture(new JournaledForward.RejectedException(answer.status()));
  }

  /** The object cannot be written: the upstream must not get a complete body it would act on. */
  private void storeFailed(Throwable cause) {
    stored.tryFail(cause);
    if (upstream != null && !tee.upstreamEnded() && !reply.isComplete()) {
      upstream.reset(0, cause);
    }
    tee.detachUpstream();
    tee.discard();
  }

  /** The body is refused (client gone, too large, stalled): nothing is kept, nothing completes upstream. */
  private void refuse(Throwable cause) {
    tee.stop();
    sink.abort(cause);
    if (upstream != null && !tee.upstreamEnded()) {
      UnfinishedRequests.abandon(upstream, cause);
    }
  }

  private void checkStall() {
    if (!tee.awaitingClient()) {
      tee.touch(); // paused by us, or over: not the client's doing
      return;
    }
    if (tee.nanosSinceLastWrite() > stall.toNanos()) {
      JournaledForward.StalledException stalled = new JournaledForward.StalledException(stall);
      LOG.info(() -> "upload of " + target.key() + " aborted: " + stalled.getMessage());
      vertx.cancelTimer(timer);
      refuse(stalled);
      body.response().reset();
    }
  }

  private JournaledForward.Outcome outcome(AsyncResult<JournaledForward.Stored> object) {
    return new JournaledForward.Outcome(reply, object);
  }
}
