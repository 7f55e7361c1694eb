package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One submission: the body goes upstream and into the journal in one pass ({@link JournaledForward}), then the
 * outcome decides: upstream 201 → journaled as submitted; upstream down, failing or silent → queued under a minted
 * id (P2), for a credential the upstream vouched for; upstream 4xx → relayed, nothing kept; journal failing → 503,
 * and a job the upstream created is deleted there (P1). Event loop only.
 */
final class Submission {

  private static final Logger LOG = Logger.getLogger(Submission.class.getName());
  private static final Set<String> KEPT_HEADERS = Set.of(
      "content-type", "content-encoding", "x-watson-metadata", "x-watson-learning-opt-out");

  private final SubmitHandler.Parts parts;
  private final HttpServerRequest request;
  private final JobRoute route;
  private final String uploadId = UUID.randomUUID().toString();
  /** Sent upstream with the relay URL as callback_url (relay mode). */
  private final boolean relayed;
  private final Instant received = Instant.now();

  Submission(SubmitHandler.Parts parts, HttpServerRequest request, JobRoute route, boolean relayed) {
    this.parts = parts;
    this.request = request;
    this.route = route;
    this.relayed = relayed;
  }

  /** {@code up}: the upstream request, null when the upstream cannot be reached (journal only). */
  Future<Void> run(HttpClientRequest up) {
    JournaledForward.Target target = new JournaledForward.Target(audioKey(), request.getHeader("Content-Type"),
        request.getHeader("Content-Encoding"), parts.settings().maxAudioBytes());
    return parts.forward().forward(request, up, target, this::relayRefused).compose(this::decide);
  }

  private String audioKey() {
    return JobObjects.audio(uploadId);
  }

  /** A relayed job refused with 400: perhaps the upstream lost the relay URL, so the audio is kept until known. */
  private boolean relayRefused(UpstreamReply answer) {
    return relayed && answer.status() == 400;
  }

  private Future<Void> decide(JournaledForward.Outcome outcome) {
    UpstreamReply answer = outcome.reply();
    if (answer != null && answer.status() >= 400 && answer.status() < 500) {
      if (relayRefused(answer) && outcome.stored().succeeded()) {
        return parts.relay().registrationWasLost(request).otherwise(false).compose(lost -> lost
            ? queue(outcome.stored().result(), "the upstream had lost the relay URL (400); registered again, "
                + "resubmitting", true)
            : removeAudio().onComplete(v -> answer.relay(request.response(), null)));
      }
      answer.relay(request.response(), null); // a refused body was not kept (JournaledForward)
      return Future.succeededFuture();
    }
    if (outcome.stored().failed()) {
      return uploadFailed(answer, outcome.stored().cause());
    }
    JournaledForward.Stored audio = outcome.stored().result();
    if (answer != null && answer.status() == 201) {
      return accepted(answer, audio);
    }
    return queue(audio, answer == null ? outcome.upstream().cause().getMessage()
        : "upstream answered " + answer.status(), false);
  }

  private Future<Void> uploadFailed(UpstreamReply answer, Throwable cause) {
    if (request.response().closed()) {
      LOG.info(() -> "client went away mid-upload; nothing kept (" + cause.getMessage() + ")");
      return Future.succeededFuture();
    }
    if (cause instanceof JournaledForward.TooLargeException) {
      return Future.failedFuture(new GatewayException(413, "Request Entity Too Large: " + cause.getMessage()));
    }
    LOG.warning("journal write failed for a submission: " + cause.getMessage());
    return journalFailed(answer);
  }

  private Future<Void> accepted(UpstreamReply answer, JournaledForward.Stored audio) {
    JsonObject body = answer.json();
    String id = body.getString("id");
    JobRecord record = newRecord(audio, id, id, JobState.SUBMITTED, body, "submitted", "upstream accepted as " + id);
    return parts.journal().create(record)
        .compose(v -> {
          body.put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), id));
          answer.relay(request.response(), body.toBuffer());
          LOG.fine(() -> "job " + id + " journaled and submitted");
          parts.metrics().submitted(record.audioBytes(), false);
          return Future.<Void>succeededFuture();
        })
        .recover(err -> {
          LOG.warning("journal record write failed for job " + id + ": " + err.getMessage());
          return journalFailed(answer);
        });
  }

  /** {@code resubmit}: at once (the upstream is up and the cause is gone), not at the next recovery run. */
  private Future<Void> queue(JournaledForward.Stored audio, String reason, boolean resubmit) {
    // A resubmit follows the upstream's acceptance of this credential's relay registration: vouched for.
    GatewayException refused = resubmit ? null : parts.admission().refusal(request);
    if (refused != null) {
      LOG.info(() -> "submission not queued (" + reason + "): " + refused.getMessage());
      return removeAudio().compose(v -> Future.failedFuture(refused));
    }
    String now = Instant.now().toString();
    JsonObject status = new JsonObject().put("id", uploadId).put("status", "waiting").put("created", now)
        .put("updated", now);
    JobRecord record = newRecord(audio, uploadId, null, JobState.QUEUED, status, "queued", reason);
    return parts.journal().create(record).compose(v -> {
      LOG.info(() -> "job " + uploadId + " queued: " + reason);
      parts.metrics().submitted(record.audioBytes(), true);
      JsonObject body = status.copy().put("url", JobRoute.clientJobUrl(request, route.clientPrefix(), uploadId));
      body.remove("updated");
      request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(body.toBuffer());
      if (resubmit) {
        parts.resubmitSoon().accept(record);
      }
      return Future.<Void>succeededFuture();
    }).recover(err -> journalFailed(null));
  }

  /** Fail closed (P1): delete what the upstream created, tell the client to retry; or fail open if configured. */
  private Future<Void> journalFailed(UpstreamReply answer) {
    parts.metrics().journalWriteFailed();
    boolean created = answer != null && answer.status() == 201;
    if (created && parts.settings().failOpen()) {
      LOG.warning("journal.failOpen: answering 201 for a job that is NOT journaled");
      answer.relay(request.response(), null);
      return removeAudio();
    }
    Future<Void> undo = created
        ? parts.upstream().delete(request, route.upstreamJobUri(answer.json().getString("id")))
        : Future.succeededFuture();
    return undo.otherwiseEmpty().compose(v -> removeAudio()).compose(v -> Future.failedFuture(
        GatewayException.unavailable("the job journal is unavailable, so the job was not accepted; retry later", 10)));
  }

  private Future<Void> removeAudio() {
    return parts.store().remove(audioKey()).otherwiseEmpty();
  }

  private JobRecord newRecord(JournaledForward.Stored audio, String clientId, String upstreamId, JobState state,
      JsonObject status, String event, String detail) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(h -> {
      if (KEPT_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.put(h.getKey(), h.getValue());
      }
    });
    String auth = request.getHeader("Authorization");
    String sealed = parts.credentials() == null || auth == null ? null : parts.credentials().encrypt(auth);
    return new JobRecord(clientId, upstreamId, JobState.RECEIVED, Tenant.of(request), sealed, route.upstreamBase(),
        route.query(), headers, audio.key(), audio.bytes(), audio.sha256(), received, received, 1, null, null,
        List.of(), null).transition(state, upstreamId, status, null, event, detail);
  }
}
