package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.callbacks.Relay;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code POST .../v1/recognitions}: checks what can be checked before a byte of the body is read (size, query,
 * who may queue while the upstream is down), then runs one {@link Submission}: client → journaled forward →
 * upstream and object store → job record → answer. Event loop only.
 * {@code credentials}: seals each submitter's Authorization for replay; null keeps none. {@code relay}: in relay
 * mode, rewrites the callback URL that goes upstream; null in direct mode. {@code resubmitSoon}: takes a job
 * queued because the upstream had lost the relay URL.
 */
record SubmitHandler(Parts parts, UpstreamHealth health) {

  private static final Logger LOG = Logger.getLogger(SubmitHandler.class.getName());

  /** What every submission works with. */
  record Parts(UpstreamCalls upstream, JobJournal journal, ObjectStore store, JournaledForward forward,
      GatewayConfig.Journal settings, SecretBox credentials, QueueAdmission admission, GatewayMetrics metrics,
      Relay relay, Consumer<JobRecord> resubmitSoon, CustomizationIds modelIds) {}

  /** Completes once the client was answered; fails with what the front door answers instead. */
  Future<Boolean> handle(HttpServerRequest request, JobRoute route) {
    long max = parts.settings().maxAudioBytes();
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > max) {
      return Future.failedFuture(new GatewayException(413, "Request Entity Too Large: audio is " + length
          + " bytes, the limit is " + max));
    }
    Query.check(route.query()); // never forwarded, never queued: the upstream could not run it either
    // A job naming a custom model being restored is queued (held) until the model is available again.
    boolean down = health.state() == UpstreamState.DOWN || parts.modelIds().restoring(route.query()) != null;
    GatewayException refused = down ? parts.admission().refusal(request) : null;
    if (refused != null) {
      return Future.failedFuture(refused); // before a byte of the body is read
    }
    request.pause();
    Future<String> query = parts.relay() == null ? Future.succeededFuture(route.query())
        : parts.relay().upstreamQuery(request, route.query(), !down);
    return query.compose(upstreamQuery -> submit(request, route, upstreamQuery, down)).map(true);
  }

  /** {@code upstreamQuery}: the client's query, or in relay mode with the relay URL as callback_url. */
  private Future<Void> submit(HttpServerRequest request, JobRoute route, String upstreamQuery, boolean down) {
    Submission submission = new Submission(parts, request, route, !upstreamQuery.equals(route.query()));
    if (down) {
      return submission.run(null); // queued without waiting for a timeout
    }
    String mapped = parts.modelIds().upstreamQuery(upstreamQuery); // the journal keeps the client's ids
    String uri = route.upstreamBase() + "/v1/recognitions" + (mapped.isEmpty() ? "" : "?" + mapped);
    return parts.upstream().open(request, uri)
        .onFailure(err -> LOG.info(() -> "upstream unreachable at submit, the job will be queued: " + err))
        .otherwiseEmpty()
        .compose(submission::run);
  }
}
