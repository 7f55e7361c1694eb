package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import io.vertx.core.Future;

/** Puts a job back in the queue for an operator's replay, if there is anything to replay. Recovery's context. */
final class ReplayQueue {

  private ReplayQueue() {}

  /**
   * {@code job} queued for an operator's replay: a dead or failed job is queued again; a submitted one only once
   * the upstream answers 404 for it. Fails with a 409 when there is nothing to replay.
   */
  static Future<JobRecord> queue(JobJournal journal, Reconciler reconciler, JobRecord job, String operator) {
    return switch (job.state()) {
      case QUEUED -> Future.succeededFuture(job);
      case DEAD, FAILED -> journal.transition(job.clientId(), now -> now.state() != job.state() ? now
              : now.requeued("replay", "queued again for a replay from " + now.state().json(), operator))
          .compose(c -> c.changed() ? Future.succeededFuture(c.after())
              : Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " changed meanwhile; retry")));
      case SUBMITTED -> reconciler.reconcile(job).compose(lost -> journal.get(job.clientId()))
          .compose(now -> now != null && now.state() == JobState.QUEUED ? Future.succeededFuture(now)
              : Future.failedFuture(new GatewayException(409, "the upstream still has job " + job.clientId()
                  + " (or could not be asked): nothing to replay")));
      default -> Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " is " + job.state().json()
          + ": nothing to replay"));
    };
  }
}
