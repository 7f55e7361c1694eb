package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.BlockingWrites;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import java.io.InputStream;
import java.util.logging.Logger;

/**
 * Resubmits one queued job from the journal: claims it atomically (so no other member or run sends it too),
 * streams the exact audio bytes with the original query and headers, and records the new upstream id under the
 * unchanged client id. Event loop, except the audio streaming, which runs on a worker.
 */
final class Resubmitter {

  /** What happened to one job. */
  enum Outcome { SUBMITTED, RETRY, DEAD, SKIPPED }

  private static final Logger LOG = Logger.getLogger(Resubmitter.class.getName());
  private static final int CHUNK = 64 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final UpstreamTarget target;
  private final ObjectStore store;
  private final JobJournal journal;
  private final ReplayCredentials credentials;
  private final RateLimiter rate;
  private final GatewayConfig.Recovery settings;
  private final GatewayMetrics metrics;

  Resubmitter(Vertx vertx, HttpClient client, UpstreamTarget target, ObjectStore store, JobJournal journal,
      ReplayCredentials credentials, RateLimiter rate, GatewayConfig.Recovery settings, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.store = store;
    this.journal = journal;
    this.credentials = credentials;
    this.rate = rate;
    this.settings = settings;
  }

  Future<Outcome> resubmit(JobRecord queued, String reason) {
    return resubmit(queued, reason, null);
  }

  /** {@code by}: the operator who asked for it, recorded in the history; null for recovery's own. */
  Future<Outcome> resubmit(JobRecord queued, String reason, String by) {
    int attempt = queued.attempts() + 1;
    JobRecord claimed = queued.withAttempts(attempt).transition(JobState.QUEUED, null, queued.lastStatus(), null,
        "resubmitting", reason + ", attempt " + attempt, by);
    return journal.update(queued, claimed)
        .compose(won -> won ? attempt(claimed) : Future.succeededFuture(Outcome.SKIPPED))
        .onSuccess(outcome -> metrics.resubmission(outcome.name()));
  }

  private Future<Outcome> attempt(JobRecord claimed) {
    return credentials.authorization(claimed).transform(auth -> auth.failed()
        ? credentialFailed(claimed, auth.cause())
        : rate.acquire().compose(v -> send(claimed, auth.result()))
            .compose(reply -> settle(claimed, reply), err -> failed(claimed, "could not send: " + err.getMessage())));
  }

  private Future<UpstreamReply> send(JobRecord job, String authorization) {
    String uri = job.basePath() + "/v1/recognitions" + (job.query().isEmpty() ? "" : "?" + job.query());
    return store.open(job.audioKey()).compose(audio -> client.request(target.requestOptions(HttpMethod.POST, uri))
        .compose(request -> {
          job.headers().forEach(request::putHeader);
          request.putHeader("Authorization", authorization)
              .putHeader("Content-Length", String.valueOf(job.audioBytes()));
          Future<UpstreamReply> reply = request.response().compose(UpstreamReply::read);
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

  private Future<Outcome> settle(JobRecord claimed, UpstreamReply reply) {
    int status = reply.status();
    if (status == 201) {
      String id = reply.json().getString("id");
      JobRecord submitted = claimed.transition(JobState.SUBMITTED, id,
          reply.json().put("id", claimed.clientId()), null, "resubmitted", "upstream accepted as " + id);
      return journal.update(claimed, submitted).map(won -> {
        LOG.info(() -> "job " + claimed.clientId() + " resubmitted as " + id + " (attempt " + claimed.attempts() + ")");
        return Outcome.SUBMITTED;
      });
    }
    if (status == 401 || status == 403) {
      return park(claimed, "the upstream refused the replay credential (" + status + "): " + reply.body());
    }
    if (status == 429 || status == 503) {
      rate.holdFor(retryAfterMillis(reply));
      JobRecord back = claimed.withAttempts(claimed.attempts() - 1).transition(JobState.QUEUED, null,
          claimed.lastStatus(), null, "throttled", status + ", Retry-After " + reply.headers().get("Retry-After"));
      return journal.update(claimed, back).map(Outcome.RETRY);
    }
    return failed(claimed, "upstream answered " + status + ": " + reply.body());
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
    JobRecord back = claimed.transition(JobState.QUEUED, null, claimed.lastStatus(), null, "retry", why);
    return journal.update(claimed, back).map(Outcome.RETRY);
  }

  private Future<Outcome> park(JobRecord claimed, String reason) {
    LOG.warning("job " + claimed.clientId() + " parked as dead: " + reason);
    metrics.parkedDead();
    return journal.update(claimed, claimed.transition(JobState.DEAD, null, claimed.lastStatus(), null, "dead", reason))
        .map(Outcome.DEAD);
  }

  private long retryAfterMillis(UpstreamReply reply) {
    String header = reply.headers().get("Retry-After");
    if (header != null && header.matches("\\d{1,6}")) {
      return Long.parseLong(header) * 1000;
    }
    return settings.backoffMillis();
  }
}
