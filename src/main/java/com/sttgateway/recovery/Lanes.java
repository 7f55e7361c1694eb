package com.sttgateway.recovery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/** Bounded concurrency for a run over many jobs: a fixed number of lanes, each taking the next item when free. */
final class Lanes {

  private static final Logger LOG = Logger.getLogger(Lanes.class.getName());

  private Lanes() {}

  /** Applies {@code work} to every item, at most {@code lanes} at a time, in order of the list. */
  static <T> Future<Void> each(int lanes, List<T> items, Function<T, Future<Void>> work) {
    Iterator<T> next = items.iterator();
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      running.add(lane(next, work));
    }
    return Future.all(running).mapEmpty();
  }

  private static <T> Future<Void> lane(Iterator<T> next, Function<T, Future<Void>> work) {
    if (!next.hasNext()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    work.apply(next.next()).onComplete(ar -> lane(next, work).onComplete(done));
    return done.future();
  }

  /** Completes when {@code work} completes, whatever its outcome, or after {@code millis}, whichever comes first. */
  static Future<Void> settledWithin(Vertx vertx, Future<?> work, long millis) {
    Promise<Void> settled = Promise.promise();
    long bound = vertx.setTimer(millis, t -> settled.tryComplete());
    work.onComplete(ar -> {
      vertx.cancelTimer(bound);
      settled.tryComplete();
    });
    return settled.future();
  }

  /** One job's failure is logged and does not stop the run. */
  static Future<Void> logged(String jobId, String what, Future<?> work) {
    return work.<Void>mapEmpty().otherwise(err -> {
      LOG.warning("job " + jobId + ": " + what + " failed: " + err);
      return null;
    });
  }
}
