package com.sttgateway.recovery;

import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.UpstreamCalls;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Asks the upstream about one job it should know (never trusting the job list, which shows only the latest 100):
 * a 404 while the upstream is otherwise up means the job was lost, so it is queued again; a job seen completed has
 * its results copied into the journal (until its results_ttl runs out, when the sweeper drops them), so a later
 * loss costs no second recognition. Event loop only.
 */
public record Reconciler(UpstreamCalls upstream, ObjectStore store, JobJournal journal, ReplayCredentials credentials,
    RateLimiter rate, BooleanSupplier upstreamUp) {

  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  /** Returns true when the job was found lost and queued again. */
  Future<Boolean> reconcile(JobRecord job) {
    String uri = job.basePath() + "/v1/recognitions/" + job.upstreamId();
    return credentials.authorization(job)
        .compose(auth -> rate.acquire().compose(v -> upstream.call(HttpMethod.GET, uri, auth)))
        .compose(reply -> switch (reply.status()) {
          case 200 -> observed(job, reply.json()).map(false);
          case 404 -> lost(job);
          default -> Future.succeededFuture(false);
        });
  }

  private Future<Void> observed(JobRecord job, JsonObject body) {
    if (!"completed".equals(body.getString("status")) || job.state() != JobState.SUBMITTED) {
      return Future.succeededFuture();
    }
    JsonObject results = body.copy().put("id", job.clientId());
    JsonObject status = body.copy().put("id", job.clientId());
    status.remove("results");
    Instant expires = finishedAt(body).plus(job.resultsTtl());
    return store.putJson(JobObjects.results(job.clientId()), results)
        .compose(v -> journal.transition(job.clientId(), now -> !isStill(now, job) ? now
            : now.transition(JobState.COMPLETED, job.upstreamId(), status, expires, "completed",
                "results copied into the journal until " + expires + " (results_ttl)")))
        .mapEmpty();
  }

  /** The upstream counts results_ttl from when the job finished: its last update, else now. */
  private static Instant finishedAt(JsonObject body) {
    try {
      return Instant.parse(body.getString("updated", ""));
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }

  private Future<Boolean> lost(JobRecord job) {
    if (job.state() != JobState.SUBMITTED || !upstreamUp.getAsBoolean()) {
      return Future.succeededFuture(false); // completed jobs are answered from the journaled results
    }
    LOG.info(() -> "job " + job.clientId() + " lost upstream (404 for " + job.upstreamId() + "); queued again");
    return journal.transition(job.clientId(), now -> !isStill(now, job) ? now
            : now.lost("404 for " + job.upstreamId() + " while the upstream is up"))
        .map(JobJournal.Change::changed);
  }

  /** Still submitted under the upstream id recovery asked about: nobody changed the job since. */
  private static boolean isStill(JobRecord now, JobRecord asked) {
    return now.state() == JobState.SUBMITTED && Objects.equals(now.upstreamId(), asked.upstreamId());
  }
}
