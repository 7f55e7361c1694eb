package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.callbacks.Relay;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.upstream.UpstreamHealth;
import io.vertx.core.Future;
import java.util.function.Consumer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * The client port's front door: job routes are journaled and translated, every other request goes to the
 * passthrough unchanged. Event loop only.
 */
public final class JobRoutes implements Handler<HttpServerRequest> {

  private final UpstreamTarget target;
  private final Handler<HttpServerRequest> passthrough;
  private final SubmitHandler submit;
  private final StatusHandler status;
  private final Relay relay;

  /**
   * {@code credentials}: seals submitters' Authorization for replay (replay.auth=client); null keeps none.
   * {@code relay}: relay mode's endpoint and job rewrite; null in direct mode.
   */
  public JobRoutes(UpstreamTarget target, UpstreamCalls upstream, JobJournal journal, ObjectStore store,
      JournaledForward forward, GatewayConfig.Journal settings, SecretBox credentials, UpstreamHealth health,
      GatewayMetrics metrics, Consumer<JobRecord> lostJobs, Relay relay, Handler<HttpServerRequest> passthrough) {
    this.target = target;
    this.passthrough = passthrough;
    this.relay = relay;
    this.submit = new SubmitHandler(upstream, journal, store, forward, settings, credentials, health, metrics, relay,
        lostJobs);
    this.status = new StatusHandler(upstream, journal, store, settings, health, lostJobs);
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.path().startsWith(Relay.RESERVED_PREFIX) || relay != null && relay.owns(request.path())) {
      reserved(request);
      return;
    }
    JobRoute route = JobRoute.match(request, target);
    if (route == null) {
      passthrough.handle(request);
      return;
    }
    if (route.kind() == JobRoute.Kind.SUBMIT) {
      submit.handle(request, route);
      return;
    }
    request.pause(); // held while the journal is consulted, so the passthrough can still take it
    Future<Boolean> handled = switch (route.kind()) {
      case LIST -> status.list(request, route).map(true);
      case STATUS -> status.status(request, route);
      default -> status.delete(request, route);
    };
    handled.onSuccess(done -> {
      if (done) {
        request.resume(); // let the (empty) request end, so the connection serves the next one
      } else {
        passthrough.handle(request);
      }
    }).onFailure(err -> PassthroughProxy.toGatewayError(err).respond(request.response()));
  }

  /** The gateway's own paths (the relay endpoint): never forwarded upstream, whatever the mode. */
  private void reserved(HttpServerRequest request) {
    if (relay != null) {
      relay.handle(request);
    } else {
      new GatewayException(404, "no such gateway route: " + request.path() + " (relay mode is off: "
          + "callbacks.publicBaseUrl is not set)").respond(request.response());
    }
  }
}
