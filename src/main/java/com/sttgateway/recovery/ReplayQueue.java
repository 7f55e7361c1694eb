package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import io.vertx.core.Future;

/** Decides whether a job can be replayed by an operator, and in which state. Recovery's context. */
final class ReplayQueue {

  private ReplayQueue() {}

  /**
   * {@code job} ready for an operator's replay: a queued, dead or failed job as it is (the resubmission queues a
   * dead or failed one again as it claims it); a submitted one only once the upstream answers 404 for it. Fails with
   * a 409 when there is nothing to replay.
   */
  static Future<JobRecord> queue(JobJournal journal, Reconciler reconciler, JobRecord job) {
    return switch (job.state()) {
      case QUEUED, DEAD, FAILED -> Future.succeededFuture(job);
      case SUBMITTED -> reconciler.reconcile(job).compose(lost -> journal.get(job.clientId()))
          .compose(now -> now != null && now.state() == JobState.QUEUED ? Future.succeededFuture(now)
              : Future.failedFuture(new GatewayException(409, "the upstream still has job " + job.clientId()
                  + " (or could not be asked): nothing to replay")));
      default -> Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " is " + job.state().json()
          + ": nothing to replay"));
    };
  }
}
