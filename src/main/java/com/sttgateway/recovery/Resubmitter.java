package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.callbacks.RelayRewrite;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.BlockingWrites;
import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Resubmits one queued job from the journal: claims it atomically (so no other member or run sends it too),
 * streams the exact audio bytes with the original query and headers, and records the new upstream id under the
 * unchanged client id. Event loop, except the audio streaming, which runs on a worker.
 * {@code relayUrl}: in relay mode, the callback_url the job goes upstream with; null in direct mode.
 * {@code marking}: true while the relay URL is registered upstream, so that every job may go with it and a marker
 * ({@link RelayRewrite#marked}) by which a member taking over after a crash finds a copy the upstream accepted.
 * {@code modelIds}: the upstream's ids of the custom models a job names (they change when a model is restored).
 */
record Resubmitter(Vertx vertx, HttpClient client, UpstreamTarget target, UpstreamCalls calls, ObjectStore store,
    JobJournal journal, ReplayCredentials credentials, RateLimiter rate, GatewayConfig.Recovery settings,
    GatewayMetrics metrics, String relayUrl, BooleanSupplier marking, CustomizationIds modelIds) {

  /** What happened to one job. */
  enum Outcome { SUBMITTED, RETRY, DEAD, SKIPPED }

  private static final Logger LOG = Logger.getLogger(Resubmitter.class.getName());
  private static final int CHUNK = 64 * 1024;
  /** How long a claim holds while its member lives; a member that leaves the cluster loses its claims at once. */
  private static final Duration LEASE = Duration.ofMinutes(30);

  Future<Outcome> resubmit(JobRecord queued, String reason) {
    return resubmit(queued, reason, null);
  }

  /**
   * {@code by}: the operator who asked for it, recorded in the history; null for recovery's own. Claims the job
   * first (a queued job nobody holds, or whose holder left the cluster or let the lease run out), so no other run or
   * member sends it meanwhile; SKIPPED when someone else holds it or it is no longer queued. A dead or failed job
   * (an operator's replay) is queued again in the same change that claims it, so no recovery run can take it between.
   */
  Future<Outcome> resubmit(JobRecord queued, String reason, String by) {
    if (modelIds.restoring(queued.query()) != null) {
      return Future.succeededFuture(Outcome.SKIPPED); // held until the custom model it names is restored
    }
    JobRecord.Claim claim = new JobRecord.Claim(journal.member() + "/" + UUID.randomUUID(),
        Instant.now().plus(LEASE));
    JobState replayFrom = queued.state() == JobState.DEAD || queued.state() == JobState.FAILED ? queued.state() : null;
    return journal.transition(queued.clientId(), now -> {
      JobRecord q = replayFrom != null && now.state() == replayFrom
          ? now.requeued("replay", "queued again for a replay from " + replayFrom.json(), by) : now;
      return !claimable(q) ? now : q.withAttempts(q.attempts() + 1).transition(JobState.QUEUED, null,
          q.lastStatus(), null, "resubmitting", reason + ", attempt " + (q.attempts() + 1) + ", member "
              + claim.member(), by).claimed(claim);
    })
        .compose(change -> change.changed() ? attempt(change.after(), change.before().claim())
            : Future.succeededFuture(Outcome.SKIPPED))
        .onSuccess(outcome -> metrics.resubmission(outcome.name()));
  }

  private boolean claimable(JobRecord job) {
    return job.state() == JobState.QUEUED && !journal.held(job.claim());
  }

  /** {@code earlier}: the claim of an attempt that never released the job (its member died, or its write failed). */
  private Future<Outcome> attempt(JobRecord claimed, JobRecord.Claim earlier) {
    return credentials.authorization(claimed).transform(auth -> auth.failed()
        ? credentialFailed(claimed, auth.cause())
        : earlierCopy(claimed, earlier, auth.result()).transform(found -> {
          if (found.failed()) {
            return failed(claimed, "could not ask the upstream whether an earlier attempt reached it: "
                + found.cause().getMessage());
          }
          if (found.result() != null) {
            String id = found.result().getString("id");
            JsonObject status = found.result().copy().put("id", claimed.clientId());
            status.remove("user_token");
            LOG.info(() -> "job " + claimed.clientId() + ": the upstream already holds it as " + id + " (sent by "
                + earlier.owner() + ", which never recorded it); adopted, not sent again");
            return recordUpstreamId(claimed, id, status, "adopted", "an earlier attempt (" + earlier.owner()
                + ") that never recorded it had reached the upstream as " + id + "; not sent again", auth.result());
          }
          return rate.acquire().compose(v -> send(claimed, auth.result()))
              .compose(reply -> settle(claimed, reply, auth.result()),
                  err -> failed(claimed, "could not send: " + err.getMessage()));
        }));
  }

  /**
   * The upstream's copy of the job that the {@code earlier} attempt sent, found by its marker among the upstream's
   * latest 100 jobs; null when there was no cut-off attempt, when it is not there (it never arrived; or, UNCONFIRMED
   * corner, more than 100 jobs of that credential were created since, and then the job goes twice), and in direct
   * mode, where the gateway has no callback URL of its own to put a marker on (the job goes again: at least once).
   */
  private Future<JsonObject> earlierCopy(JobRecord claimed, JobRecord.Claim earlier, String authorization) {
    if (earlier == null || relayUrl == null) {
      return Future.succeededFuture();
    }
    return rate.acquire()
        .compose(v -> calls.call(HttpMethod.GET, claimed.basePath() + "/v1/recognitions", authorization))
        .compose(reply -> {
          if (reply.status() != 200) {
            return Future.failedFuture("the upstream's job list answered " + reply.status());
          }
          return Future.succeededFuture(reply.json().getJsonArray("recognitions", new JsonArray()).stream()
              .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
              .filter(job -> earlier.marker().equals(job.getString("user_token")))
              .findFirst().orElse(null));
        });
  }

  private Future<UpstreamReply> send(JobRecord job, String authorization) {
    // the journal keeps the client's own query, with the client's customization ids
    String query = modelIds.upstreamQuery(relayUrl != null && marking.getAsBoolean()
        ? RelayRewrite.marked(job.query(), relayUrl, job.claim().marker())
        : RelayRewrite.toRelay(job.query(), relayUrl));
    String uri = job.basePath() + "/v1/recognitions" + (query.isEmpty() ? "" : "?" + query);
    return store.open(job.audioKey()).compose(audio -> client.request(target.requestOptions(HttpMethod.POST, uri))
        .compose(request -> {
          job.headers().forEach(request::putHeader);
          request.putHeader("Authorization", authorization)
              .putHeader("Content-Length", String.valueOf(job.audioBytes()));
          Future<UpstreamReply> reply = request.response().compose(UpstreamReply::read);
          request.exceptionHandler(err -> {}); // also fails reply, which is handled; unhandled, Vert.x logs SEVERE
          vertx.executeBlocking(() -> stream(audio, request), false).onFailure(err -> request.reset(0, err));
          return reply;
        }));
  }

  private static Void stream(InputStream audio, HttpClientRequest request) throws Exception {
    try (audio) {
      byte[] buffer = new byte[CHUNK];
      for (int n; (n = audio.read(buffer)) > 0; ) {
        BlockingWrites.write(request, Buffer.buffer(n).appendBytes(buffer, 0, n), () -> true);
      }
      request.end();
      return null;
    }
  }

  private Future<Outcome> settle(JobRecord claimed, UpstreamReply reply, String authorization) {
    int status = reply.status();
    if (status == 201) {
      String id = reply.json().getString("id");
      return recordUpstreamId(claimed, id, reply.json().put("id", claimed.clientId()), "resubmitted",
          "upstream accepted as " + id, authorization);
    }
    if (status == 401 || status == 403) {
      return park(claimed, "the upstream refused the replay credential (" + status + "): " + reply.body());
    }
    if (status == 429 || status == 503) {
      rate.holdFor(retryAfterMillis(reply));
      return release(claimed, now -> now.withAttempts(now.attempts() - 1).transition(JobState.QUEUED, null,
          now.lastStatus(), null, "throttled", status + ", Retry-After " + reply.headers().get("Retry-After")),
          Outcome.RETRY);
    }
    return failed(claimed, "upstream answered " + status + ": " + reply.body());
  }

  /**
   * Applies {@code change} if the job is still held by this attempt's claim; SKIPPED when it is not (a client
   * deleted it, or an operator dropped or parked it meanwhile): that decision stands.
   */
  private Future<Outcome> release(JobRecord claimed, UnaryOperator<JobRecord> change, Outcome outcome) {
    return journal.transition(claimed.clientId(), now -> now.state() == JobState.QUEUED
            && Objects.equals(now.claim(), claimed.claim()) ? change.apply(now) : now)
        .map(c -> c.changed() ? outcome : Outcome.SKIPPED);
  }

  /** The job is the upstream's {@code id} now; if it changed meanwhile (deleted by its client), that copy goes. */
  private Future<Outcome> recordUpstreamId(JobRecord claimed, String id, JsonObject status, String event,
      String detail, String authorization) {
    return release(claimed, now -> now.transition(JobState.SUBMITTED, id, status, null, event, detail),
        Outcome.SUBMITTED)
        .compose(outcome -> outcome == Outcome.SUBMITTED ? Future.succeededFuture(outcome)
            : undo(claimed, id, authorization))
        .onSuccess(outcome -> LOG.fine(() -> "job " + claimed.clientId() + " " + event + " as " + id + ": " + outcome));
  }

  /** The job changed while it was sent (deleted by its client): the upstream copy just created goes again. */
  private Future<Outcome> undo(JobRecord claimed, String upstreamId, String authorization) {
    LOG.info(() -> "job " + claimed.clientId() + " changed while it was resubmitted; deleting its new upstream copy "
        + upstreamId);
    return calls.call(HttpMethod.DELETE, claimed.basePath() + "/v1/recognitions/" + upstreamId, authorization)
        .map(r -> Outcome.SKIPPED)
        .otherwise(err -> {
          LOG.warning("job " + claimed.clientId() + ": could not delete upstream copy " + upstreamId + ": " + err);
          return Outcome.SKIPPED;
        });
  }

  /** A credential that can never work (401: none kept, refused by IAM) parks the job; IAM trouble is retried. */
  private Future<Outcome> credentialFailed(JobRecord claimed, Throwable cause) {
    boolean permanent = cause instanceof GatewayException g && g.status() == 401;
    return permanent ? park(claimed, "no usable replay credential: " + cause.getMessage())
        : failed(claimed, "replay credential unavailable: " + cause.getMessage());
  }

  private Future<Outcome> failed(JobRecord claimed, String why) {
    if (claimed.attempts() >= settings.maxAttempts()) {
      return park(claimed, "gave up after " + claimed.attempts() + " attempts; last: " + why);
    }
    return release(claimed, now -> now.transition(JobState.QUEUED, null, now.lastStatus(), null, "retry", why),
        Outcome.RETRY);
  }

  private Future<Outcome> park(JobRecord claimed, String reason) {
    return release(claimed, now -> now.transition(JobState.DEAD, null, now.lastStatus(), null, "dead", reason),
        Outcome.DEAD).onSuccess(outcome -> {
          if (outcome == Outcome.DEAD) {
            LOG.warning("job " + claimed.clientId() + " parked as dead: " + reason);
            metrics.parkedDead();
          }
        });
  }

  private long retryAfterMillis(UpstreamReply reply) {
    String header = reply.headers().get("Retry-After");
    if (header != null && header.matches("\\d{1,6}")) {
      return Long.parseLong(header) * 1000;
    }
    return settings.backoffMillis();
  }
}
