package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * POSTs job notifications to callback URLs, signed with the URL's secret, in order per job; thread-safe.
 * Delivery failures are only logged.
 */
final class Notifier {

  private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
  private static final long DELIVERY_TIMEOUT_MS = 10_000;

  private final HttpClient client;
  private final CallbackRegistry callbacks;
  private final SignatureAlgorithm algorithm;
  private final SimulatorCounters counters;
  /** The last delivery per job, so a "completed" never overtakes the "started" still on its way. */
  private final ConcurrentHashMap<String, Future<Void>> inFlight = new ConcurrentHashMap<>();

  Notifier(HttpClient client, CallbackRegistry callbacks, SignatureAlgorithm algorithm, SimulatorCounters counters) {
    this.client = client;
    this.callbacks = callbacks;
    this.algorithm = algorithm;
    this.counters = counters;
  }

  /** Sends {@code event} for {@code job} if the job asked for it and its callback URL is still allowlisted. */
  void notify(Job job, JobEvent event) {
    String url = job.request().callbackUrl();
    if (url == null || !job.request().wants(event)) {
      return;
    }
    // UNCONFIRMED upstream behaviour: chose to drop notifications to a since-unregistered URL because the allowlist authorises calls.
    CallbackRegistry.Registration registration = callbacks.find(url).orElse(null);
    if (registration == null) {
      LOG.info(() -> "simulator: " + event.wire() + " for job " + job.id() + " dropped, " + url + " is not allowlisted");
      return;
    }
    Buffer body = body(job, event).toBuffer();
    Future<Void> previous = inFlight.getOrDefault(job.id(), Future.succeededFuture());
    Future<Void> delivery = previous.transform(done -> deliver(registration, job, event, body));
    inFlight.put(job.id(), delivery);
    delivery.onComplete(done -> inFlight.remove(job.id(), delivery));
  }

  /** {"id","event","user_token"} plus the results array for completed_with_results (the check-job shape). */
  static JsonObject body(Job job, JobEvent event) {
    String token = job.request().userToken();
    JsonObject body = new JsonObject()
        .put("id", job.id())
        .put("event", event.wire())
        .put("user_token", token == null ? "" : token);
    // UNCONFIRMED upstream behaviour: chose the check-job results array because clients can then parse both alike.
    return event == JobEvent.COMPLETED_WITH_RESULTS ? body.put("results", JobJson.results(job.transcript())) : body;
  }

  // UNCONFIRMED upstream behaviour: chose one attempt, no retry, because no retry policy is documented (at-most-once).
  private Future<Void> deliver(CallbackRegistry.Registration registration, Job job, JobEvent event, Buffer body) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(registration.url())
        .setTimeout(DELIVERY_TIMEOUT_MS)
        // UNCONFIRMED upstream behaviour: chose Content-Type application/json because the body is JSON.
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (registration.secret() != null) {
      options.putHeader(CallbackRegistry.SIGNATURE_HEADER, algorithm.sign(registration.secret(), body.getBytes()));
    }
    counters.notificationSent();
    return client.request(options)
        .compose(request -> request.send(body)
            .compose(response -> response.body().map(ignored -> response.statusCode())))
        .onSuccess(status -> {
          if (status / 100 != 2) {
            LOG.info(() -> "simulator: " + event.wire() + " for job " + job.id() + " answered " + status);
          }
        })
        .onFailure(error -> LOG.info(() -> "simulator: " + event.wire() + " for job " + job.id() + " to "
            + registration.url() + " failed: " + error))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
