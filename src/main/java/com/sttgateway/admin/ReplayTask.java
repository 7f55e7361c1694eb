package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobFilter;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobState;
import com.sttgateway.recovery.RateLimiter;
import com.sttgateway.recovery.RecoveryRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One bulk replay: the planned ids (fixed when it starts), replayed one at a time at most {@code ratePerSecond},
 * each through {@link RecoveryRunner#replayNow}, with counts and a cancel that takes effect before the next job.
 * Lives in the memory of the member that runs it. Event loop only (its context's).
 */
final class ReplayTask {

  /** What a bulk replay takes on: jobs waiting for a submission. Submitted ones are recovery's to reconcile. */
  static final Set<JobState> REPLAYABLE = EnumSet.of(JobState.QUEUED, JobState.DEAD, JobState.FAILED);
  private static final Logger LOG = Logger.getLogger(ReplayTask.class.getName());

  final String id = UUID.randomUUID().toString();
  private final JobFilter filter;
  private final List<String> plan;
  private final double ratePerSecond;
  private final String by;
  private final Instant created = Instant.now();
  private volatile String state = "running";
  private volatile int done;
  private volatile int failed;
  private volatile int skipped;
  private volatile Instant finished;

  ReplayTask(JobFilter filter, List<String> plan, double ratePerSecond, String by) {
    this.filter = filter;
    this.plan = List.copyOf(plan);
    this.ratePerSecond = ratePerSecond;
    this.by = by;
  }

  /**
   * The filter narrowed to the states a bulk replay takes on (the dry run and the real run both plan with it);
   * null when the filter asks only for other states, so nothing can match.
   */
  static JobFilter replayable(JobFilter f) {
    Set<JobState> states = EnumSet.copyOf(REPLAYABLE);
    if (!f.states().isEmpty()) {
      states.retainAll(f.states());
    }
    return states.isEmpty() ? null : new JobFilter(states, f.tenant(), f.createdSince(),
        f.createdUntil(), f.updatedSince(), f.updatedUntil(), f.callbackUrl(), f.minAttempts(), f.userToken());
  }

  static long estimateSeconds(int planned, double ratePerSecond) {
    return (long) Math.ceil(planned / ratePerSecond);
  }

  void start(Vertx vertx, JobJournal journal, RecoveryRunner recovery) {
    LOG.info("bulk replay " + id + " started by " + by + ": " + plan.size() + " jobs at " + ratePerSecond + "/s");
    next(0, new RateLimiter(vertx, ratePerSecond), journal, recovery);
  }

  void cancel() {
    if ("running".equals(state)) {
      finish("cancelled");
    }
  }

  private void next(int i, RateLimiter rate, JobJournal journal, RecoveryRunner recovery) {
    if (!"running".equals(state)) {
      return;
    }
    if (i == plan.size()) {
      finish("completed");
      return;
    }
    rate.acquire()
        .compose(v -> "running".equals(state) ? replayOne(plan.get(i), journal, recovery) : Future.succeededFuture())
        .onComplete(ar -> next(i + 1, rate, journal, recovery));
  }

  private Future<Void> replayOne(String jobId, JobJournal journal, RecoveryRunner recovery) {
    return journal.get(jobId).compose(job -> {
      if (job == null || !REPLAYABLE.contains(job.state())) {
        skipped++;
        return Future.succeededFuture();
      }
      return recovery.replayNow(job, by).<Void>map(outcome -> {
        done++;
        return null;
      }).recover(err -> {
        if (err instanceof GatewayException g && g.status() == 409) {
          skipped++;
        } else {
          failed++;
        }
        return Future.succeededFuture();
      });
    }, err -> {
      failed++;
      return Future.succeededFuture();
    });
  }

  private void finish(String end) {
    state = end;
    finished = Instant.now();
    LOG.info("bulk replay " + id + " " + end + ": " + done + " replayed, " + failed + " failed, " + skipped
        + " skipped of " + plan.size());
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("state", state).put("planned", plan.size()).put("done", done)
        .put("failed", failed).put("skipped", skipped).put("ratePerSecond", ratePerSecond)
        .put("estimateSeconds", estimateSeconds(plan.size(), ratePerSecond)).put("created", created.toString())
        .put("finished", finished == null ? null : finished.toString()).put("by", by).put("filter", filter.toJson())
        .put("sample", new JsonArray(plan.subList(0, Math.min(10, plan.size()))));
  }

}
