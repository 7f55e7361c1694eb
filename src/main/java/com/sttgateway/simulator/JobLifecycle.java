package com.sttgateway.simulator;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Drives each job through waiting, processing and completed or failed on Vert.x timers (one pending timer per
 * job, so 10,000 jobs cost 10,000 timer entries), fires its notifications, and forgets it results_ttl after it
 * finished. Timers run on event loops; a job deleted or wiped meanwhile is simply not found.
 */
final class JobLifecycle {

  private final Vertx vertx;
  private final JobStore store;
  private final Notifier notifier;
  private final long waitingMs;
  private final long processingMs;
  private final Duration ttlUnit;

  JobLifecycle(Vertx vertx, JobStore store, Notifier notifier, SimulatorOptions options) {
    this.vertx = vertx;
    this.store = store;
    this.notifier = notifier;
    this.waitingMs = options.waiting().toMillis();
    this.processingMs = options.processing().toMillis();
    this.ttlUnit = options.ttlUnit();
  }

  void begin(Job job) {
    after(waitingMs, () -> startProcessing(job.id()));
  }

  private void startProcessing(String id) {
    store.transition(id, JobStatus.WAITING, JobStatus.PROCESSING).ifPresent(job -> {
      notifier.notify(job, JobEvent.STARTED);
      after(processingMs, () -> finish(id, job.outcome()));
    });
  }

  private void finish(String id, JobStatus outcome) {
    store.transition(id, JobStatus.PROCESSING, outcome).ifPresent(job -> {
      if (outcome == JobStatus.FAILED) {
        notifier.notify(job, JobEvent.FAILED);
      } else {
        notifier.notify(job, JobEvent.COMPLETED);
        notifier.notify(job, JobEvent.COMPLETED_WITH_RESULTS);
      }
      // UNCONFIRMED upstream behaviour: chose to forget the job (404) after results_ttl because the docs say it is deleted.
      after(ttlMillis(job.request().resultsTtlMinutes()), () -> store.get(id).ifPresent(store::remove));
    });
  }

  /** results_ttl minutes in this simulator's unit, saturating instead of overflowing. */
  private long ttlMillis(long minutes) {
    long unitMs = Math.max(1, ttlUnit.toMillis());
    return minutes > Long.MAX_VALUE / unitMs ? Long.MAX_VALUE : minutes * unitMs;
  }

  private void after(long delayMs, Runnable step) {
    // Vert.x timers need at least 1 ms; a zero duration still yields to the event loop between states.
    vertx.setTimer(Math.max(1, delayMs), id -> step.run());
  }
}
