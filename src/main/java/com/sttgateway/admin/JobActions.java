package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.recovery.RecoveryRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * An operator's actions on one job: replay now, park, unpark, drop. State changes are compare-and-set on the
 * journal entry (a job changed meanwhile answers 409), and each lands in the job's history with the operator's
 * name, except a drop, which removes the history with the job and is logged instead. Event loop only.
 */
record JobActions(JobJournal journal, ObjectStore store, RecoveryRunner recovery, GatewayMetrics metrics) {

  private static final Logger LOG = Logger.getLogger(JobActions.class.getName());

  void mount(Router router) {
    router.post("/ops/jobs/:id/replay").handler(ctx -> Ops.respond(ctx, 202, replay(ctx)));
    router.post("/ops/jobs/:id/park").handler(ctx -> Ops.respond(ctx, 200, park(ctx)));
    router.post("/ops/jobs/:id/unpark").handler(ctx -> Ops.respond(ctx, 200, unpark(ctx)));
    router.delete("/ops/jobs/:id").handler(this::drop);
  }

  /** Resubmits now through recovery's claim and rate limit; answers once the attempt settled. */
  private Future<JsonObject> replay(RoutingContext ctx) {
    String operator = Ops.operator(ctx);
    return existing(ctx.pathParam("id"))
        .compose(job -> recovery.replayNow(job, operator))
        .compose(outcome -> journal.get(ctx.pathParam("id")).map(now -> new JsonObject()
            .put("id", now.clientId()).put("state", now.state().json()).put("outcome", outcome)));
  }

  private Future<JsonObject> park(RoutingContext ctx) {
    String operator = Ops.operator(ctx);
    return change(ctx.pathParam("id"), job -> {
      if (!job.state().unfinished()) {
        throw new GatewayException(409, "job " + job.clientId() + " is " + job.state().json() + ": only an unfinished"
            + " job can be parked");
      }
      return job.transition(JobState.DEAD, job.upstreamId(), job.lastStatus(), null, "parked",
          "parked by " + operator, operator);
    }).onSuccess(parked -> metrics.parkedDead()).map(JobViews::summary);
  }

  /** Dead to queued with attempts reset, then resubmitted by recovery at once. */
  private Future<JsonObject> unpark(RoutingContext ctx) {
    String operator = Ops.operator(ctx);
    return change(ctx.pathParam("id"), job -> {
      if (job.state() != JobState.DEAD) {
        throw new GatewayException(409, "job " + job.clientId() + " is " + job.state().json() + ", not dead");
      }
      return job.withAttempts(0).requeued("unparked", "unparked by " + operator + "; attempts reset", operator);
    }).onSuccess(queued -> recovery.replayNow(queued, operator).onFailure(err ->
        LOG.info(() -> "unparked job " + queued.clientId() + " left to the next recovery run: " + err.getMessage())))
        .map(JobViews::summary);
  }

  /** Removes the record, the audio and any journaled results; needs {@code confirm} equal to the id. */
  private void drop(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!id.equals(ctx.request().getParam("confirm"))) {
      ctx.fail(new GatewayException(400, "dropping job " + id + " removes its audio and record for good: repeat "
          + "its id as the confirm parameter (?confirm=" + id + ")"));
      return;
    }
    String operator = Ops.operator(ctx);
    existing(id)
        .compose(job -> journal.drop(job).map(job))
        .onSuccess(job -> {
          LOG.info("job " + id + " (" + job.state().json() + ") dropped from the journal by " + operator);
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private Future<JobRecord> change(String id, UnaryOperator<JobRecord> next) {
    return journal.transition(id, next).compose(c -> c.after() == null ? Future.failedFuture(Ops.notFound(id))
        : Future.succeededFuture(c.after()));
  }

  private Future<JobRecord> existing(String id) {
    return journal.get(id).compose(r -> r == null ? Future.failedFuture(Ops.notFound(id))
        : Future.succeededFuture(r));
  }
}
