package com.sttgateway.jobs;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * {@code DELETE .../v1/recognitions/{id}}: the client's decision, final (P3). The job becomes a DELETED tombstone
 * whatever recovery is doing: a resubmission in flight sees it and deletes what it created upstream, and an upstream
 * job it created meanwhile is deleted here. A job the upstream lost is deleted for its own tenant too. Event loop.
 */
record DeleteHandler(UpstreamCalls upstream, JobJournal journal, ObjectStore store, GatewayConfig.Journal settings) {

  private static final Logger LOG = Logger.getLogger(DeleteHandler.class.getName());

  /** False: not a journaled job (the caller passes the request through). */
  Future<Boolean> delete(HttpServerRequest request, JobRoute route) {
    return journal.get(route.id()).compose(record -> {
      if (record == null) {
        // a journaled job the index does not hold yet cannot be deleted (the index entry is what changes)
        return Unindexed.find(journal, store, route.id()).compose(stored -> stored == null
            ? Future.succeededFuture(false) : Future.failedFuture(Unindexed.building(journal)));
      }
      if (record.state() == JobState.DELETED) {
        return Future.failedFuture(JobAnswers.notFound(route.id()));
      }
      boolean mine = JobAnswers.sameTenant(request, record);
      if (record.upstreamId() == null) {
        return mine ? deleted(request, route, null, "client deleted the queued job").map(true)
            : Future.failedFuture(JobAnswers.notFound(route.id()));
      }
      return upstream.send(request, HttpMethod.DELETE, route.upstreamJobUri(record.upstreamId()))
          .compose(reply -> decide(request, route, record, reply, mine))
          .map(true);
    });
  }

  private Future<Void> decide(HttpServerRequest request, JobRoute route, JobRecord record, UpstreamReply reply,
      boolean mine) {
    if (reply.status() == 204) {
      return deleted(request, route, record.upstreamId(), "client deleted the job");
    }
    if (reply.status() == 404 && mine) {
      return deleted(request, route, record.upstreamId(), "client deleted the job the upstream had lost");
    }
    return JobAnswers.relay(request, reply);
  }

  /** Marks the job deleted (204 to the client), then removes its content and any other upstream copy of it. */
  private Future<Void> deleted(HttpServerRequest request, JobRoute route, String goneUpstreamId, String detail) {
    Instant retain = Instant.now().plus(Duration.ofMinutes(settings.tombstoneRetentionMinutes()));
    return journal.transition(route.id(), now -> now.state() == JobState.DELETED ? now
            : now.transition(JobState.DELETED, now.upstreamId(), now.lastStatus(), retain, "deleted", detail))
        .compose(change -> {
          if (change.after() == null) {
            throw JobAnswers.notFound(route.id());
          }
          request.response().setStatusCode(204).end();
          return change.changed() ? cleanUp(request, route, change.before(), goneUpstreamId) : Future.succeededFuture();
        });
  }

  private Future<Void> cleanUp(HttpServerRequest request, JobRoute route, JobRecord before, String goneUpstreamId) {
    Future<Void> content = JobObjects.removeContent(store, before);
    String other = before.upstreamId();
    if (other == null || Objects.equals(other, goneUpstreamId)) {
      return content;
    }
    // Resubmitted under a new upstream id since the client's request was read: that copy goes too.
    return content.compose(v -> upstream.delete(request, route.upstreamJobUri(other)))
        .onFailure(err -> LOG.warning("job " + before.clientId() + " deleted, but its upstream copy " + other
            + " could not be deleted: " + err.getMessage()));
  }
}
