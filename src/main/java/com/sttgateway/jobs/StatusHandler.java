package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code GET .../v1/recognitions[/{id}]} and {@code DELETE .../v1/recognitions/{id}} under client ids: translated
 * to upstream ids and back, queued jobs answered from the journal for their own tenant only (P7), and the journal
 * advanced when the client sees a final status. Event loop only.
 */
final class StatusHandler {

  private static final Logger LOG = Logger.getLogger(StatusHandler.class.getName());

  private final UpstreamCalls upstream;
  private final JobJournal journal;
  private final ObjectStore store;
  private final GatewayConfig.Journal settings;
  private final UpstreamHealth health;
  private final Consumer<JobRecord> lostJobs;

  StatusHandler(UpstreamCalls upstream, JobJournal journal, ObjectStore store, GatewayConfig.Journal settings,
      UpstreamHealth health, Consumer<JobRecord> lostJobs) {
    this.health = health;
    this.lostJobs = lostJobs;
    this.upstream = upstream;
    this.journal = journal;
    this.store = store;
    this.settings = settings;
  }

  /** Null: not a journaled job (the caller passes the request through). */
  Future<Boolean> status(HttpServerRequest request, JobRoute route) {
    return journal.get(route.id()).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(false);
      }
      if (record.state() == JobState.DELETED) {
        return Future.failedFuture(notFound(route.id()));
      }
      if (record.upstreamId() == null || health.state() == UpstreamState.DOWN) {
        return answerFromJournal(request, route, record).map(true);
      }
      return upstream.send(request, HttpMethod.GET, route.upstreamJobUri(record.upstreamId()))
          .compose(reply -> switch (reply.status()) {
            case 200 -> observed(request, route, record, reply);
            case 404 -> missingUpstream(request, route, record, reply);
            default -> relay(request, reply);
          }, err -> answerFromJournal(request, route, record))
          .map(true);
    });
  }

  Future<Boolean> delete(HttpServerRequest request, JobRoute route) {
    return journal.get(route.id()).compose(record -> {
      if (record == null) {
        return Future.succeededFuture(false);
      }
      if (record.state() == JobState.DELETED) {
        return Future.failedFuture(notFound(route.id()));
      }
      if (record.upstreamId() == null) {
        if (!sameTenant(request, record)) {
          return Future.failedFuture(notFound(route.id()));
        }
        return finish(record, JobState.DELETED, null, "deleted", "client deleted the queued job")
            .onSuccess(v -> request.response().setStatusCode(204).end()).map(true);
      }
      return upstream.send(request, HttpMethod.DELETE, route.upstreamJobUri(record.upstreamId()))
          .compose(reply -> reply.status() != 204 ? relay(request, reply)
              : finish(record, JobState.DELETED, null, "deleted", "client deleted the job")
                  .onSuccess(v -> reply.relay(request.response(), null)))
          .map(true);
    });
  }

  /** The upstream's list with ids translated, plus the caller's queued jobs. */
  Future<Void> list(HttpServerRequest request, JobRoute route) {
    if (health.state() == UpstreamState.DOWN) {
      return journal.findByTenant(Tenant.of(request), JobState.unfinishedStates()).map(mine -> {
        JsonArray jobs = new JsonArray();
        mine.forEach(r -> jobs.add(statusOnly(r.lastStatus()).put("id", r.clientId())));
        send(request, new JsonObject().put("recognitions", jobs));
        return null;
      });
    }
    return upstream.send(request, HttpMethod.GET, route.upstreamBase() + "/v1/recognitions").compose(reply -> {
      if (reply.status() != 200) {
        return relay(request, reply);
      }
      JsonArray jobs = reply.json().getJsonArray("recognitions", new JsonArray());
      List<String> upstreamIds = new ArrayList<>();
      jobs.forEach(job -> upstreamIds.add(((JsonObject) job).getString("id")));
      return journal.findByUpstreamIds(upstreamIds)
          .map(known -> {
            Map<String, String> clientIds = new HashMap<>();
            known.forEach(r -> clientIds.put(r.upstreamId(), r.clientId()));
            jobs.forEach(job -> ((JsonObject) job).put("id",
                clientIds.getOrDefault(((JsonObject) job).getString("id"), ((JsonObject) job).getString("id"))));
            return null;
          })
          .compose(v -> journal.findByTenant(Tenant.of(request), Set.of(JobState.QUEUED)))
          .map(queued -> {
            queued.forEach(r -> jobs.add(r.lastStatus().copy().put("id", r.clientId())));
            reply.relay(request.response(), new JsonObject().put("recognitions", jobs).toBuffer());
            return null;
          });
    });
  }

  /**
   * Answers from the journal: the last known status (queued jobs, or any job while the upstream is down), or the
   * journaled results of a job seen completed. Only to the tenant that submitted it (P7).
   */
  private Future<Void> answerFromJournal(HttpServerRequest request, JobRoute route, JobRecord record) {
    if (!sameTenant(request, record)) {
      return Future.failedFuture(notFound(route.id()));
    }
    if (record.state() == JobState.COMPLETED) {
      return store.getJson(JobJournal.resultsKey(record.clientId())).compose(results ->
          finish(record, JobState.RETRIEVED, record.lastStatus(), "retrieved", "client received the journaled results")
              .otherwiseEmpty()
              .onComplete(v -> send(request, results.put("id", record.clientId()))));
    }
    send(request, record.lastStatus().copy().put("id", record.clientId()));
    return Future.succeededFuture();
  }

  /** The upstream does not know a journaled job: lost (resubmit it now) or answered from the journal. */
  private Future<Void> missingUpstream(HttpServerRequest request, JobRoute route, JobRecord record,
      UpstreamReply reply) {
    if (record.state() == JobState.COMPLETED) {
      return answerFromJournal(request, route, record);
    }
    if (record.state() != JobState.SUBMITTED || health.state() != UpstreamState.UP || !sameTenant(request, record)) {
      return relay(request, reply);
    }
    JobRecord queued = record.lost("404 for " + record.upstreamId() + " on a client's status request");
    return journal.update(record, queued).compose(won -> {
      if (won) {
        lostJobs.accept(queued);
      }
      send(request, queued.lastStatus());
      return Future.<Void>succeededFuture();
    });
  }

  private static void send(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  /** A 200 from the upstream: translate it, remember it, and settle the job when its outcome reached the client. */
  private Future<Void> observed(HttpServerRequest request, JobRoute route, JobRecord record, UpstreamReply reply) {
    JsonObject body = reply.json().put("id", record.clientId());
    if (body.containsKey("url")) {
      body.put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), record.clientId()));
    }
    String status = body.getString("status", "");
    Future<Void> settled = !record.state().unfinished() ? Future.succeededFuture()
        : switch (status) {
          case "completed" -> finish(record, JobState.RETRIEVED, statusOnly(body), "retrieved",
              "client received the results");
          case "failed" -> journal.save(record.transition(JobState.FAILED, record.upstreamId(), statusOnly(body),
              Instant.now().plus(Duration.ofMinutes(settings.failedRetentionMinutes())), "failed",
              "upstream reported the job failed"));
          default -> Future.succeededFuture();
        };
    // The client gets its answer even if the journal cannot be updated now; the job then stays unfinished.
    return settled
        .otherwise(err -> {
          LOG.warning("job " + record.clientId() + ": journal not updated after status " + status + ": " + err);
          return null;
        })
        .onSuccess(v -> reply.relay(request.response(), body.toBuffer()));
  }

  /** Ends a job: its audio goes, its record stays as a tombstone for the configured time. */
  private Future<Void> finish(JobRecord record, JobState state, JsonObject status, String event, String detail) {
    Instant retain = Instant.now().plus(Duration.ofMinutes(settings.tombstoneRetentionMinutes()));
    JsonObject last = status != null ? status : record.lastStatus();
    return journal.save(record.transition(state, record.upstreamId(), last, retain, event, detail))
        .compose(v -> store.remove(record.audioKey()))
        .compose(v -> store.remove(JobJournal.resultsKey(record.clientId())))
        .onSuccess(v -> LOG.fine(() -> "job " + record.clientId() + " " + event + "; audio removed"));
  }

  private static JsonObject statusOnly(JsonObject body) {
    JsonObject copy = body.copy();
    copy.remove("results");
    return copy;
  }

  private static Future<Void> relay(HttpServerRequest request, UpstreamReply reply) {
    reply.relay(request.response(), null);
    return Future.succeededFuture();
  }

  private static boolean sameTenant(HttpServerRequest request, JobRecord record) {
    return record.tenant().equals(Tenant.of(request));
  }

  private static GatewayException notFound(String id) {
    return new GatewayException(404, "Job " + id + " was not found");
  }
}
