package com.sttgateway.recovery;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * What the recovery run under way has done so far (phase, lost jobs found, resubmissions planned and attempted,
 * rate, estimated end) and the last runs that did any work. Written only by {@link RecoveryRunner}; read by the
 * admin port. Any thread (every method is synchronized; the runner calls it a few times per job).
 */
public final class RecoveryProgress {

  /** Finished runs kept for the ops view: the last ones that registered, found or resubmitted anything. */
  static final int KEPT_RUNS = 10;

  private final Deque<JsonObject> runs = new ArrayDeque<>();
  private String trigger;
  private Instant started;
  private String phase;
  private int lostFound;
  private int planned;
  private int attempted;
  private int resubmitted;
  private Instant resubmitStarted;

  synchronized void begin(String trigger) {
    this.trigger = trigger;
    this.started = Instant.now();
    this.phase = "reconciling";
    this.lostFound = 0;
    this.planned = 0;
    this.attempted = 0;
    this.resubmitted = 0;
    this.resubmitStarted = null;
  }

  /** One more lost job found; returns {@code total} (the runner's own count) to keep its expression whole. */
  synchronized int lostFound(int total) {
    lostFound++;
    return total;
  }

  /** The reconcile phase is over; {@code due} queued jobs are about to be resubmitted. */
  synchronized void resubmitting(int due) {
    phase = "resubmitting";
    planned = due;
    resubmitStarted = Instant.now();
  }

  synchronized void attempted(Resubmitter.Outcome outcome) {
    attempted++;
    resubmitted += outcome == Resubmitter.Outcome.SUBMITTED ? 1 : 0;
  }

  /** The run ended: its report (or its failure) joins the kept runs when it did anything. */
  synchronized void finish(AsyncResult<JsonObject> result) {
    JsonObject report = result.succeeded() ? result.result().copy()
        : new JsonObject().put("trigger", trigger).put("started", started.toString())
            .put("finished", Instant.now().toString()).put("failed", String.valueOf(result.cause().getMessage()));
    if (result.failed() || didWork(report)) {
      runs.addFirst(report);
      while (runs.size() > KEPT_RUNS) {
        runs.removeLast();
      }
    }
    trigger = null;
  }

  private static boolean didWork(JsonObject report) {
    return report.getInteger("callbacksRegistered", 0) > 0 || report.getInteger("lostFound", 0) > 0
        || report.getInteger("heldForCallback", 0) > 0 || !report.getJsonObject("resubmissions", new JsonObject())
        .isEmpty();
  }

  /** {@code current}: the run under way (null when none), {@code runs}: the last runs that did work, newest first. */
  public synchronized JsonObject toJson() {
    return new JsonObject().put("current", trigger == null ? null : current())
        .put("runs", new JsonArray(runs.stream().map(JsonObject::copy).toList()))
        .put("keptRuns", KEPT_RUNS);
  }

  private JsonObject current() {
    Instant now = Instant.now();
    JsonObject current = new JsonObject().put("trigger", trigger).put("started", started.toString())
        .put("phase", phase).put("lostFound", lostFound).put("planned", planned).put("attempted", attempted)
        .put("resubmitted", resubmitted).put("remaining", Math.max(0, planned - attempted));
    if (resubmitStarted != null && attempted > 0) {
      double seconds = Math.max(0.001, Duration.between(resubmitStarted, now).toMillis() / 1000.0);
      double rate = attempted / seconds;
      current.put("ratePerSecond", Double.parseDouble(String.format(Locale.ROOT, "%.2f", rate)));
      long left = Math.round(Math.max(0, planned - attempted) / rate * 1000);
      current.put("estimatedEnd", now.plusMillis(left).toString());
    }
    return current;
  }
}
