package com.sttgateway.jobs;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code GET .../v1/recognitions/{id}} under client ids: translated to the upstream id and back, answered from the
 * journal for its own tenant only when the upstream cannot answer (P7), and the journal advanced when the client
 * sees a final status. Every change is a journal transition that re-checks the job it saw. Event loop only.
 */
record StatusHandler(UpstreamCalls upstream, JobJournal journal, ObjectStore store, GatewayConfig.Journal settings,
    UpstreamHealth health, Consumer<JobRecord> lostJobs) {

  private static final Logger LOG = Logger.getLogger(StatusHandler.class.getName());

  /** False: not a journaled job (the caller passes the request through). */
  Future<Boolean> status(HttpServerRequest request, JobRoute route) {
    return Unindexed.find(journal, store, route.id()).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(false);
      }
      if (record.state() == JobState.DELETED) {
        return Future.failedFuture(JobAnswers.notFound(route.id()));
      }
      if (record.upstreamId() == null || health.state() == UpstreamState.DOWN) {
        return answerFromJournal(request, route, record).map(true);
      }
      return upstream.send(request, HttpMethod.GET, route.upstreamJobUri(record.upstreamId()))
          .compose(reply -> switch (reply.status()) {
            case 200 -> observed(request, route, record, reply);
            case 404 -> missingUpstream(request, route, record, reply);
            default -> JobAnswers.relay(request, reply);
          }, err -> answerFromJournal(request, route, record))
          .map(true);
    });
  }

  /**
   * Answers from the journal: the last known status (queued jobs, or any job while the upstream is down), or the
   * journaled results of a job seen completed. Only to the tenant that submitted it (P7).
   */
  private Future<Void> answerFromJournal(HttpServerRequest request, JobRoute route, JobRecord record) {
    if (!JobAnswers.sameTenant(request, record)) {
      return Future.failedFuture(JobAnswers.notFound(route.id()));
    }
    if (record.state() == JobState.DEAD) { // parked: recovery gave up, so a final status with the reason
      JobAnswers.send(request, record.lastStatus().copy().put("id", record.clientId()).put("status", "failed")
          .put("updated", record.updated().toString()).put("error", record.history().get(record.history().size() - 1)
              .detail()));
      return Future.succeededFuture();
    }
    if (record.state() != JobState.COMPLETED) {
      JobAnswers.send(request, record.lastStatus().copy().put("id", record.clientId()));
      return Future.succeededFuture();
    }
    return store.getJson(JobObjects.results(record.clientId())).compose(results ->
        retire(record.clientId(), record.upstreamId(), record.lastStatus(), "client received the journaled results")
            .otherwise(err -> null)
            .onComplete(v -> JobAnswers.send(request, results.put("id", record.clientId()))));
  }

  /** The upstream does not know a journaled job: lost (resubmit it now), or answered from the journal. */
  private Future<Void> missingUpstream(HttpServerRequest request, JobRoute route, JobRecord record,
      UpstreamReply reply) {
    if (record.state() == JobState.COMPLETED) {
      return answerFromJournal(request, route, record);
    }
    if (record.state() != JobState.SUBMITTED || health.state() != UpstreamState.UP
        || !JobAnswers.sameTenant(request, record)) {
      return JobAnswers.relay(request, reply);
    }
    String why = "404 for " + record.upstreamId() + " on a client's status request";
    return journal.transition(record.clientId(), now -> isStill(now, record, JobState.SUBMITTED) ? now.lost(why) : now)
        .map(change -> {
          if (change.changed()) {
            lostJobs.accept(change.after());
          }
          // null: a record read from the store while the index is rebuilt; recovery finds it lost once complete
          JobRecord now = change.after() == null && !journal.index().complete() ? record.lost(why) : change.after();
          if (now == null || now.state() == JobState.DELETED) {
            throw JobAnswers.notFound(route.id());
          }
          JobAnswers.send(request, now.lastStatus().copy().put("id", now.clientId()));
          return null;
        });
  }

  /** A 200 from the upstream: translate it, remember it, and settle the job when its outcome reached the client. */
  private Future<Void> observed(HttpServerRequest request, JobRoute route, JobRecord record, UpstreamReply reply) {
    JsonObject body = reply.json().put("id", record.clientId());
    JobAnswers.clientToken(body, record);
    if (body.containsKey("url")) {
      body.put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), record.clientId()));
    }
    String status = body.getString("status", "");
    Future<?> settled = switch (status) {
      case "completed" ->
          retire(record.clientId(), record.upstreamId(), JobAnswers.statusOnly(body), "client received the results");
      case "failed" -> journal.transition(record.clientId(), now -> !now.state().unfinished()
          || !Objects.equals(now.upstreamId(), record.upstreamId()) ? now
          : now.transition(JobState.FAILED, now.upstreamId(), JobAnswers.statusOnly(body),
              Instant.now().plus(Duration.ofMinutes(settings.failedRetentionMinutes())), "failed",
              "upstream reported the job failed"));
      default -> Future.succeededFuture();
    };
    // The client gets its answer even if the journal cannot be updated now; the job then stays unfinished.
    return settled.<Void>mapEmpty()
        .otherwise(err -> {
          LOG.warning("job " + record.clientId() + ": journal not updated after status " + status + ": " + err);
          return null;
        })
        .onSuccess(v -> reply.relay(request.response(), body.toBuffer()));
  }

  /** The client has the results of the job it knew as {@code upstreamId}: retrieved, content removed. */
  private Future<Void> retire(String clientId, String upstreamId, JsonObject status, String detail) {
    Instant retain = Instant.now().plus(Duration.ofMinutes(settings.tombstoneRetentionMinutes()));
    return journal.transition(clientId, now -> !now.state().unfinished()
            || !Objects.equals(now.upstreamId(), upstreamId) ? now
            : now.transition(JobState.RETRIEVED, upstreamId, status, retain, "retrieved", detail))
        .compose(change -> change.changed() ? JobObjects.removeContent(store, change.after())
            : Future.succeededFuture());
  }

  /** {@code now} is still the job {@code seen} was, in {@code state}, under the same upstream id. */
  private static boolean isStill(JobRecord now, JobRecord seen, JobState state) {
    return now.state() == state && Objects.equals(now.upstreamId(), seen.upstreamId());
  }
}
