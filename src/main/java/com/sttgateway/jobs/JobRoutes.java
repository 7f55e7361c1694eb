package com.sttgateway.jobs;

import com.sttgateway.callbacks.Relay;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.RouteFamily;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.Vouches;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * The job routes {@code .../v1/recognitions[/{id}]}: submissions journaled, ids translated, queued jobs answered from
 * the journal. Event loop only.
 */
public final class JobRoutes implements RouteFamily {

  /**
   * What the job routes work with. {@code credentials}: seals submitters' Authorization for replay
   * (replay.auth=client); null keeps none. {@code relay}: relay mode's job rewrite; null in direct mode.
   * {@code lostJobs}: takes a job a client's request found lost upstream, to resubmit it now. {@code modelIds}:
   * customization ids to the upstream's.
   */
  public record Parts(UpstreamTarget target, UpstreamCalls upstream, JobJournal journal, ObjectStore store,
      JournaledForward forward, GatewayConfig.Journal settings, SecretBox credentials, UpstreamHealth health,
      Vouches vouches, GatewayMetrics metrics, Consumer<JobRecord> lostJobs, Relay relay,
      CustomizationIds modelIds) {}

  private final UpstreamTarget target;
  private final SubmitHandler submit;
  private final StatusHandler status;
  private final ListHandler list;
  private final DeleteHandler delete;

  public JobRoutes(Parts p) {
    this.target = p.target();
    this.submit = new SubmitHandler(new SubmitHandler.Parts(p.upstream(), p.journal(), p.store(), p.forward(),
        p.settings(), p.credentials(), new QueueAdmission(p.vouches()), p.metrics(), p.relay(), p.lostJobs(),
        p.modelIds()),
        p.health());
    this.status = new StatusHandler(p.upstream(), p.journal(), p.store(), p.settings(), p.health(), p.lostJobs());
    this.list = new ListHandler(p.upstream(), p.journal(), p.health());
    this.delete = new DeleteHandler(p.upstream(), p.journal(), p.store(), p.settings());
  }

  @Override
  public Handling route(HttpServerRequest request) {
    JobRoute route = JobRoute.match(request, target);
    if (route == null) {
      return null;
    }
    if (route.kind() == JobRoute.Kind.SUBMIT) {
      return () -> submit.handle(request, route);
    }
    return () -> {
      request.pause(); // held while the journal is consulted, so the passthrough can still take it
      Future<Boolean> handled = switch (route.kind()) {
        case LIST -> list.list(request, route);
        case STATUS -> status.status(request, route);
        default -> delete.delete(request, route);
      };
      return handled.onSuccess(answered -> {
        if (answered) {
          request.resume(); // let the (empty) request end, so the connection serves the next one
        }
      });
    };
  }
}
