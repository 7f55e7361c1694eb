package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.proxy.Query;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * {@link RelayRegistrar#PATH} on the client port, called by the upstream: answers its challenge GET, and for each
 * notification POST verifies the signature (relay secret), maps the upstream id to the client's job, rewrites
 * {@code id}, and journals the delivery before answering 200. Event loop only.
 */
record RelayEndpoint(Vertx vertx, RelayRegistrar registrar, JobJournal jobs, DeliveryQueue deliveries) {

  private static final Logger LOG = Logger.getLogger(RelayEndpoint.class.getName());
  /** Notifications are small JSON objects; anything bigger is refused before it is buffered. */
  static final int MAX_BODY = 1024 * 1024;
  private static final int LOOKUPS = 30;
  private static final long LOOKUP_PAUSE_MS = 100;

  void handle(HttpServerRequest request) {
    // A malformed query (%zz, a lone %), nothing the upstream would send, is answered 400 by the front door.
    String challenge = request.method() == HttpMethod.GET ? Query.first(request.query(), "challenge_string") : null;
    if (challenge != null) {
      request.response().putHeader("Content-Type", "text/plain").end(challenge);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      new GatewayException(405, "the relay endpoint takes the upstream's notifications (POST) and challenges (GET)")
          .respond(request.response());
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > MAX_BODY) {
      tooLarge(request);
      return;
    }
    String signature = request.getHeader(Signatures.HEADER);
    body(request)
        .compose(body -> registrar.knownSecret().compose(secret -> {
          if (secret == null || !Signatures.verify(secret, body.getBytes(), signature)) {
            LOG.warning("relay: refused a notification whose signature does not verify");
            return Future.failedFuture(new GatewayException(401, "X-Callback-Signature does not verify"));
          }
          return relay(body);
        }))
        .onSuccess(v -> request.response().setStatusCode(200).end())
        .onFailure(err -> (err instanceof GatewayException g ? g
            : new GatewayException(503, "the notification could not be journaled: " + err.getMessage()))
            .respond(request.response()));
  }

  /** The whole body, at most {@link #MAX_BODY} bytes; past that the client gets 413 and the connection closes. */
  private static Future<Buffer> body(HttpServerRequest request) {
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (read.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > MAX_BODY) {
        read.fail(new IllegalStateException("body too large"));
        tooLarge(request);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(read::tryFail);
    request.endHandler(v -> read.tryComplete(body));
    return read.future().recover(err -> Future.future(never -> {})); // answered already (413) or gone
  }

  private static void tooLarge(HttpServerRequest request) {
    request.response().putHeader("Connection", "close").endHandler(v -> request.connection().close());
    new GatewayException(413, "a notification body is at most " + MAX_BODY + " bytes").respond(request.response());
  }

  private Future<Void> relay(Buffer body) {
    JsonObject notification;
    try {
      notification = body.toJsonObject();
    } catch (RuntimeException e) {
      return Future.failedFuture(new GatewayException(400, "the notification is not a JSON object"));
    }
    String upstreamId = notification.getString("id");
    String event = notification.getString("event");
    return find(upstreamId, LOOKUPS).compose(job -> {
      if (job == null) {
        LOG.warning("relay: " + event + " for upstream job " + upstreamId + " matches no journaled job; dropped");
        return Future.succeededFuture();
      }
      String callbackUrl = RelayRewrite.callbackUrl(job.query());
      if (callbackUrl == null) { // a resubmission carries the relay URL (RelayRewrite.marked) with or without one
        LOG.fine(() -> "relay: " + event + " for job " + job.clientId() + ", which has no callback URL; dropped");
        return Future.succeededFuture();
      }
      // A resubmission's notifications carry the gateway's marker as user_token: the client gets its own back.
      String rewritten = notification.copy().put("id", job.clientId())
          .put("user_token", RelayRewrite.clientToken(job.query())).encode();
      return deliveries.enqueue(job.clientId(), callbackUrl, event, rewritten).mapEmpty();
    });
  }

  /**
   * The job the upstream knows as {@code upstreamId}. A notification can overtake the journal write of its own
   * job's id (the upstream starts a job before the gateway recorded its 201), so a miss is retried briefly.
   */
  private Future<JobRecord> find(String upstreamId, int tries) {
    return jobs.findByUpstreamId(upstreamId).compose(job -> {
      if (job != null || tries <= 1) {
        return Future.succeededFuture(job);
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(LOOKUP_PAUSE_MS, t -> pause.complete());
      return pause.future().compose(v -> find(upstreamId, tries - 1));
    });
  }
}
