package com.sttgateway.callbacks;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * A client acknowledged {@code completed_with_results}: its results arrived, so the job is retrieved (P3), as
 * StatusHandler does on a client's GET: audio deleted, record kept as a tombstone. Any thread.
 */
final class JobRetirement {

  private static final Logger LOG = Logger.getLogger(JobRetirement.class.getName());
  private static final int TRIES = 3;

  private final JobJournal jobs;
  private final ObjectStore store;
  private final GatewayConfig.Journal settings;

  JobRetirement(JobJournal jobs, ObjectStore store, GatewayConfig.Journal settings) {
    this.jobs = jobs;
    this.store = store;
    this.settings = settings;
  }

  void resultsDelivered(String clientId) {
    retire(clientId, TRIES).onFailure(err ->
        LOG.warning("job " + clientId + ": results delivered but the journal was not updated: " + err.getMessage()));
  }

  /** Compare-and-set on the record, so a concurrent reconcile or client GET is never overwritten. */
  private Future<Void> retire(String clientId, int tries) {
    return jobs.get(clientId).compose(job -> {
      if (job == null || !job.state().unfinished()) {
        return Future.succeededFuture();
      }
      Instant retain = Instant.now().plus(Duration.ofMinutes(settings.tombstoneRetentionMinutes()));
      JobRecord retrieved = job.transition(JobState.RETRIEVED, job.upstreamId(),
          (job.lastStatus() == null ? new io.vertx.core.json.JsonObject() : job.lastStatus().copy()).put("status", "completed").put("updated", Instant.now().toString()), retain,
          "retrieved", "client acknowledged the relayed completed_with_results");
      return jobs.update(job, retrieved).compose(won -> !won
          ? (tries > 1 ? retire(clientId, tries - 1) : Future.failedFuture("the record kept changing"))
          : store.remove(job.audioKey()).compose(v -> store.remove(JobJournal.resultsKey(clientId)))
              .onSuccess(v -> LOG.fine(() -> "job " + clientId + " retrieved through the relay; audio removed")));
    });
  }
}
