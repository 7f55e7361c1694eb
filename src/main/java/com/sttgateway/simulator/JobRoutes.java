package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** POST/GET/DELETE /v1/recognitions[/{id}]: the asynchronous jobs interface; event loop only. */
record JobRoutes(JobStore store, JobLifecycle lifecycle, CallbackRegistry callbacks, ModelCatalog models,
    SimulatorCounters counters, SimulatorOptions options, ModelUse.Resolver customModels, Faults faults) {

  private static final int LIST_LIMIT = 100;

  void mount(Router router, String base) {
    router.post(base + "/v1/recognitions").handler(this::create);
    router.get(base + "/v1/recognitions").handler(this::list);
    router.get(base + "/v1/recognitions/:id").handler(this::check);
    router.delete(base + "/v1/recognitions/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    parse(request)
        .compose(jobRequest -> AudioIntake.read(request, options.minBytes(), options.maxBytes())
            .map(audio -> admit(jobRequest, audio)))
        .compose(job -> faults.createdReplyDelay().map(job))
        .compose(job -> Replies.json(ctx.response(), 201, JobJson.created(job, jobUrl(request, job.id()))))
        .onFailure(ctx::fail);
  }

  private Future<JobRequest> parse(HttpServerRequest request) {
    try {
      return Future.succeededFuture(JobRequest.from(request, callbacks::allowlisted, models::contains,
          customModels));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  private Job admit(JobRequest jobRequest, AudioDigest.Audio audio) {
    Job job = store.add(jobRequest, audio);
    counters.jobCreated(audio.sha256());
    lifecycle.begin(job);
    return job;
  }

  private void list(RoutingContext ctx) {
    counters.jobsListed();
    JsonArray recognitions = new JsonArray();
    store.newest(LIST_LIMIT).forEach(job -> recognitions.add(JobJson.listed(job)));
    Replies.json(ctx.response(), 200, new JsonObject().put("recognitions", recognitions));
  }

  private void check(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    counters.jobChecked();
    store.get(id).ifPresentOrElse(
        job -> Replies.json(ctx.response(), 200, JobJson.checked(job)),
        () -> ctx.fail(unknownJob(id)));
  }

  // UNCONFIRMED upstream behaviour: chose 409 for deleting a processing job because docs forbid it and 409 is the conflict code.
  // (A waiting job is cancelled and deleted: 204.)
  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    store.removeUnless(id, JobStatus.PROCESSING).ifPresentOrElse(job -> {
      if (job.status() == JobStatus.PROCESSING) {
        ctx.fail(new ApiException(409, "Job " + id + " is being processed and cannot be deleted"));
      } else {
        ctx.response().setStatusCode(204).end();
      }
    }, () -> ctx.fail(unknownJob(id)));
  }

  /** {@code http://{Host}{basePath}/v1/recognitions/{id}}, the service's own URL as the client reached it. */
  private String jobUrl(HttpServerRequest request, String id) {
    String host = request.getHeader("Host");
    if (host == null) {
      host = options.host() + ":" + request.localAddress().port();
    }
    return "http://" + host + options.basePath() + "/v1/recognitions/" + id;
  }

  private static ApiException unknownJob(String id) {
    return ApiException.notFound("Job " + id + " not found");
  }
}
