package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.callbacks.Relay;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code POST .../v1/recognitions}: one pass over the body feeds the journal's audio object and the upstream at
 * once; the job record is durable before the client sees its 201 (P1). Upstream down or failing: the job is queued
 * under a minted id. Journal failing: 503, and a job the upstream created is deleted there. Event loop, except the
 * upload itself, which reads the body on a journal-io worker.
 */
final class SubmitHandler {

  private static final Logger LOG = Logger.getLogger(SubmitHandler.class.getName());
  private static final Set<String> KEPT_HEADERS = Set.of(
      "content-type", "content-encoding", "x-watson-metadata", "x-watson-learning-opt-out");

  private final UpstreamCalls upstream;
  private final JobJournal journal;
  private final ObjectStore store;
  private final GatewayConfig.Journal settings;
  private final SecretBox credentials;
  private final UpstreamHealth health;
  private final GatewayMetrics metrics;
  private final Relay relay;
  private final Consumer<JobRecord> resubmitSoon;

  /**
   * {@code credentials}: seals each submitter's Authorization for replay; null keeps none.
   * {@code relay}: in relay mode, rewrites the callback URL that goes upstream; null in direct mode.
   * {@code resubmitSoon}: takes a job queued because the upstream had lost the relay URL.
   */
  SubmitHandler(UpstreamCalls upstream, JobJournal journal, ObjectStore store, GatewayConfig.Journal settings,
      SecretBox credentials, UpstreamHealth health, GatewayMetrics metrics, Relay relay,
      Consumer<JobRecord> resubmitSoon) {
    this.metrics = metrics;
    this.health = health;
    this.relay = relay;
    this.resubmitSoon = resubmitSoon;
    this.credentials = credentials;
    this.upstream = upstream;
    this.journal = journal;
    this.store = store;
    this.settings = settings;
  }

  void handle(HttpServerRequest request, JobRoute route) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > settings.maxAudioBytes()) {
      reject(request, new GatewayException(413, "Request Entity Too Large: audio is " + length
          + " bytes, the limit is " + settings.maxAudioBytes()));
      return;
    }
    request.pause();
    boolean down = health.state() == UpstreamState.DOWN;
    Future<String> query = relay == null ? Future.succeededFuture(route.query())
        : relay.upstreamQuery(request, route.query(), !down);
    query.onSuccess(upstreamQuery -> submit(request, route, upstreamQuery, down))
        .onFailure(err -> reject(request, err));
  }

  /** {@code upstreamQuery}: the client's query, or in relay mode with the relay URL as callback_url. */
  private void submit(HttpServerRequest request, JobRoute route, String upstreamQuery, boolean down) {
    boolean relayed = !upstreamQuery.equals(route.query());
    Submission submission = new Submission(request, route, UUID.randomUUID().toString(), relayed);
    if (down) {
      submission.run(null).onFailure(err -> reject(request, err)); // queued without waiting for a timeout
      return;
    }
    String uri = route.upstreamBase() + "/v1/recognitions" + (upstreamQuery.isEmpty() ? "" : "?" + upstreamQuery);
    upstream.open(request, uri)
        .otherwise(err -> {
          LOG.info(() -> "upstream unreachable at submit, the job will be queued: " + err.getMessage());
          return null;
        })
        .compose(up -> submission.run(up))
        .onFailure(err -> reject(request, err));
  }

  /** One submission's state; event loop, but for the tee it hands to the upload. */
  private final class Submission {
    private final HttpServerRequest request;
    private final JobRoute route;
    private final String uploadId;
    /** Sent upstream with the relay URL as callback_url (relay mode). */
    private final boolean relayed;
    private final Instant received = Instant.now();
    private TeeInputStream tee;

    Submission(HttpServerRequest request, JobRoute route, String uploadId, boolean relayed) {
      this.request = request;
      this.route = route;
      this.uploadId = uploadId;
      this.relayed = relayed;
    }

    String audioKey() {
      return "audio/" + uploadId;
    }

    Future<Void> run(HttpClientRequest up) {
      tee = new TeeInputStream(request.blockingStream().iterator(), up, settings.maxAudioBytes());
      Future<UpstreamReply> reply = up == null
          ? Future.failedFuture("upstream unreachable")
          : up.response().compose(UpstreamReply::read).onComplete(ar -> onUpstreamAnswer(ar.result()));
      request.resume();
      Future<Long> upload = store.upload(audioKey(), tee, request.getHeader("Content-Type"),
          request.getHeader("Content-Encoding"), settings.partSizeBytes());
      // A body that failed (client gone, too large, journal down) must not complete upstream either. Once the
      // upstream has the whole body it may already have created the job: then its answer is awaited instead, so
      // that a 201 can be undone with a delete (journalFailed).
      upload.onFailure(err -> {
        if (up != null && !reply.isComplete() && !tee.upstreamEnded()) {
          up.exceptionHandler(e -> LOG.fine(() -> "upstream submission reset: " + e)); // else Vert.x logs SEVERE
          up.reset(0, err);
        }
      });
      return Future.join(upload, reply).transform(ignored -> decide(upload, reply));
    }

    /** Stop feeding an upstream that answered; an upstream rejection also ends the journal copy. */
    private void onUpstreamAnswer(UpstreamReply answer) {
      if (answer == null || answer.status() != 201) {
        tee.detachUpstream();
      }
      if (answer != null && answer.status() >= 400 && answer.status() < 500 && !relayRefused(answer)) {
        tee.abort("upstream rejected the job with " + answer.status());
      }
    }

    /** A relayed job refused with 400: perhaps the upstream lost the relay URL, so the audio is kept until known. */
    private boolean relayRefused(UpstreamReply answer) {
      return relayed && answer.status() == 400;
    }

    private Future<Void> decide(Future<Long> upload, Future<UpstreamReply> reply) {
      UpstreamReply answer = reply.succeeded() ? reply.result() : null;
      if (answer != null && answer.status() >= 400 && answer.status() < 500) {
        if (relayRefused(answer) && upload.succeeded()) {
          return relay.registrationWasLost(request).otherwise(false).compose(lost -> lost
              ? queue("the upstream had lost the relay URL (400); registered again, resubmitting", true)
              : removeAudio(upload).onComplete(v -> answer.relay(request.response(), null)));
        }
        return removeAudio(upload).onComplete(v -> answer.relay(request.response(), null));
      }
      if (upload.failed()) {
        return uploadFailed(answer, upload.cause());
      }
      if (answer != null && answer.status() == 201) {
        return accepted(answer);
      }
      return queue(answer == null ? reply.cause().getMessage() : "upstream answered " + answer.status(), false);
    }

    private Future<Void> uploadFailed(UpstreamReply answer, Throwable cause) {
      if (request.response().closed()) {
        LOG.info(() -> "client went away mid-upload; nothing kept (" + cause.getMessage() + ")");
        return Future.succeededFuture();
      }
      if (cause instanceof TeeInputStream.TooLargeException) {
        return Future.failedFuture(new GatewayException(413, "Request Entity Too Large: " + cause.getMessage()));
      }
      LOG.warning("journal write failed for a submission: " + cause.getMessage());
      return journalFailed(answer);
    }

    private Future<Void> accepted(UpstreamReply answer) {
      JsonObject body = answer.json();
      String id = body.getString("id");
      JobRecord record = newRecord(id, id, JobState.SUBMITTED, body, "submitted", "upstream accepted as " + id);
      return journal.save(record)
          .compose(v -> {
            body.put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), id));
            answer.relay(request.response(), body.toBuffer());
            LOG.fine(() -> "job " + id + " journaled and submitted");
            metrics.submitted(record.audioBytes(), false);
            return Future.<Void>succeededFuture();
          })
          .recover(err -> {
            LOG.warning("journal record write failed for job " + id + ": " + err.getMessage());
            return journalFailed(answer);
          });
    }

    /** {@code resubmit}: at once (the upstream is up and the cause is gone), not at the next recovery run. */
    private Future<Void> queue(String reason, boolean resubmit) {
      String now = Instant.now().toString();
      JsonObject status = new JsonObject().put("id", uploadId).put("status", "waiting").put("created", now)
          .put("updated", now);
      JobRecord record = newRecord(uploadId, null, JobState.QUEUED, status, "queued", reason);
      return journal.save(record).compose(v -> {
        LOG.info(() -> "job " + uploadId + " queued: " + reason);
        metrics.submitted(record.audioBytes(), true);
        JsonObject body = new JsonObject().put("id", uploadId).put("status", "waiting").put("created", now)
            .put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), uploadId));
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(body.toBuffer());
        if (resubmit) {
          resubmitSoon.accept(record);
        }
        return Future.<Void>succeededFuture();
      }).recover(err -> journalFailed(null));
    }

    /** Fail closed (P1): delete what the upstream created, tell the client to retry; or fail open if configured. */
    private Future<Void> journalFailed(UpstreamReply answer) {
      boolean created = answer != null && answer.status() == 201;
      if (created && settings.failOpen()) {
        LOG.warning("journal.failOpen: answering 201 for a job that is NOT journaled");
        answer.relay(request.response(), null);
        return store.remove(audioKey()).otherwiseEmpty();
      }
      Future<Void> undo = created ? upstream.delete(request, route.upstreamJobUri(answer.json().getString("id")))
          : Future.succeededFuture();
      return undo.otherwiseEmpty()
          .compose(v -> store.remove(audioKey()).otherwiseEmpty())
          .compose(v -> {
            request.response().putHeader("Retry-After", "10");
            return Future.failedFuture(new GatewayException(503,
                "the job journal is unavailable, so the job was not accepted; retry later"));
          });
    }

    private Future<Void> removeAudio(Future<Long> upload) {
      return upload.succeeded() ? store.remove(audioKey()).otherwiseEmpty() : Future.succeededFuture();
    }

    private JobRecord newRecord(String clientId, String upstreamId, JobState state, JsonObject status,
        String event, String detail) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      request.headers().forEach(h -> {
        if (KEPT_HEADERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
          headers.put(h.getKey(), h.getValue());
        }
      });
      String auth = request.getHeader("Authorization");
      String sealed = credentials == null || auth == null ? null : credentials.encrypt(auth);
      return new JobRecord(clientId, upstreamId, JobState.RECEIVED, Tenant.of(request), sealed, route.upstreamBase(),
          route.query(), headers, audioKey(), tee.bytes(), tee.sha256Hex(), received, received, 1, null, null,
          java.util.List.of()).transition(state, upstreamId, status, null, event, detail);
    }
  }

  private static void reject(HttpServerRequest request, Throwable err) {
    GatewayException error = err instanceof GatewayException g ? g : new GatewayException(500, err.getMessage());
    if (error.status() == 413) {
      request.response().putHeader("Connection", "close");
    }
    error.respond(request.response());
  }
}
