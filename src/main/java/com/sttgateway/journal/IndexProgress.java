package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far the cold-start rebuild of the job index has got. The gateway serves while it runs, so whatever judges
 * "every job" (recovery, the retention sweeper, index repair) waits for {@link #whenComplete()}, and answers that
 * read the index say when it is incomplete. Any thread.
 */
public final class IndexProgress {

  private final Promise<Void> done = Promise.promise();
  private final AtomicInteger loaded = new AtomicInteger();
  private volatile int total = -1;
  private volatile String failure;

  /** The store has been listed: {@code records} job records to load. */
  void total(int records) {
    total = records;
  }

  /** {@code records} more records are in the index. */
  void loaded(int records) {
    loaded.addAndGet(records);
  }

  void completed() {
    done.tryComplete();
  }

  /** The rebuild stopped: the index stays incomplete, so nothing waiting for it starts. */
  void failed(Throwable cause) {
    failure = String.valueOf(cause.getMessage());
    done.tryFail(cause);
  }

  /** True once every record the store held at start is in the index. */
  public boolean complete() {
    return done.future().succeeded();
  }

  /** Completes when the index is complete; fails when the rebuild failed. */
  public Future<Void> whenComplete() {
    return done.future();
  }

  /** A line for a person: "complete: 20000 records", "building: 1200 of 20000 records loaded", or the failure. */
  public String describe() {
    if (failure != null) {
      return "failed: " + failure;
    }
    if (complete()) {
      return "complete: " + loaded.get() + " records";
    }
    return total < 0 ? "building: listing the store" : "building: " + loaded.get() + " of " + total
        + " records loaded";
  }

  /** {@code complete}, {@code loaded}, {@code total} (null until the store is listed), {@code failure}. */
  public JsonObject toJson() {
    return new JsonObject().put("complete", complete()).put("loaded", loaded.get())
        .put("total", total < 0 ? null : total).put("failure", failure).put("state", describe());
  }
}
