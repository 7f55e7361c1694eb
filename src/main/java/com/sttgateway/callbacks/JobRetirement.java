package com.sttgateway.callbacks;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * A client acknowledged {@code completed_with_results}: its results arrived, so the job is retrieved (P3), as
 * StatusHandler does on a client's GET: audio deleted, record kept as a tombstone. Any thread.
 */
record JobRetirement(JobJournal jobs, ObjectStore store, GatewayConfig.Journal settings) {

  private static final Logger LOG = Logger.getLogger(JobRetirement.class.getName());

  void resultsDelivered(String clientId) {
    retire(clientId).onFailure(err ->
        LOG.warning("job " + clientId + ": results delivered but the journal was not updated: " + err.getMessage()));
  }

  private Future<Void> retire(String clientId) {
    Instant retain = Instant.now().plus(Duration.ofMinutes(settings.tombstoneRetentionMinutes()));
    return jobs.transition(clientId, job -> !job.state().unfinished() ? job
        : job.transition(JobState.RETRIEVED, job.upstreamId(), completed(job.lastStatus()), retain, "retrieved",
            "client acknowledged the relayed completed_with_results"))
        .compose(c -> !c.changed() ? Future.succeededFuture() : JobObjects.removeContent(store, c.after())
            .onSuccess(v -> LOG.fine(() -> "job " + clientId + " retrieved through the relay; audio removed")));
  }

  private static JsonObject completed(JsonObject last) {
    return (last == null ? new JsonObject() : last.copy()).put("status", "completed")
        .put("updated", Instant.now().toString());
  }
}
