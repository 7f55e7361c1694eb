package com.sttgateway.admin;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.GatewayException;
import com.sttgateway.config.Secret;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.InvalidRequests;
import com.sttgateway.recovery.RecoveryRunner;
import com.sttgateway.upstream.UpstreamHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The admin port, a table of its routes: health and the dashboard's static files (open), then behind the bearer
 * token the upstream and recovery views, the ops API (status, job queries, job actions, callbacks, bulk replays,
 * recovery progress, the last hour's history) and Prometheus metrics. Ready means the object store answers, the
 * Hazelcast member runs and the job index is being rebuilt or complete (its progress is reported); the upstream's
 * health is reported but never makes the gateway unready (clients' jobs are still accepted and journaled while it
 * is down). Event loop only.
 */
public record AdminServer(Vertx vertx, Parts parts) {

  /** What the admin port shows and acts on. */
  public record Parts(ObjectStore store, HazelcastInstance hazelcast, UpstreamHealth upstream,
      RecoveryRunner recovery, JobJournal journal, CallbackJournal callbacks, Secret token,
      GatewayMetrics metrics, int historySampleMillis, com.sttgateway.models.Vault models) {}

  public Future<HttpServer> listen(String host, int port) {
    return listen(host, port, new HttpServerOptions());
  }

  /** As {@link #listen(String, int)} with {@code options} (TLS). */
  public Future<HttpServer> listen(String host, int port, HttpServerOptions options) {
    JobSearch search = new JobSearch(parts.journal());
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    // The dashboard's files hold no data, so they load without the token; every API call they make carries it.
    router.get("/dashboard/*").handler(StaticHandler.create("dashboard").setCachingEnabled(false));
    router.route().handler(new OpsAuth(parts.token()));
    router.route().handler(this::warnIfIndexIncomplete);
    router.get("/upstream").handler(ctx -> ctx.json(parts.upstream().describe()));
    router.get("/recovery").handler(ctx -> ctx.json(parts.recovery().lastRun()));
    new OpsStatus(search, parts.store(), parts.hazelcast(), parts.upstream(), parts.recovery()).mount(router);
    new JobQueries(search, parts.journal(), parts.store()).mount(router);
    new JobActions(parts.journal(), parts.store(), parts.recovery(), parts.metrics()).mount(router);
    new CallbackOps(parts.callbacks(), parts.recovery()).mount(router);
    new BulkReplays(vertx, search, parts.journal(), parts.recovery()).mount(router);
    new Metrics(search, parts.metrics()).mount(router);
    new RecoveryOps(parts.recovery().progress()).mount(router);
    new OpsHistory(vertx, search, parts.hazelcast(), parts.upstream(), parts.metrics(), parts.historySampleMillis())
        .mount(router);
    new ModelOps(parts.models()).mount(router);
    new ModelDrills(parts.models()).mount(router);
    router.route().handler(ctx -> ctx.fail(new GatewayException(404, "no admin route " + ctx.request().method()
        + " " + ctx.request().path())));
    router.route().failureHandler(Ops::failed);
    // No h2c: its preface detection holds a connection outside the HTTP handlers, where a reset logs SEVERE.
    return InvalidRequests.guard(vertx.createHttpServer(options.setHttp2ClearTextEnabled(false)), router)
        .listen(port, host);
  }

  /** Every ops answer while the job index is being rebuilt says so: counts and lists may lack jobs. */
  private void warnIfIndexIncomplete(RoutingContext ctx) {
    if (!parts.journal().index().complete()) {
      ctx.response().putHeader("Warning", "199 stt-gateway \"job index incomplete ("
          + parts.journal().index().describe() + "): counts and lists may lack jobs\"");
    }
    ctx.next();
  }

  private void ready(RoutingContext ctx) {
    Future<String> objectStore = parts.store().ping().map("UP").otherwise(err -> "DOWN: " + err.getMessage());
    String member = parts.hazelcast().getLifecycleService().isRunning() ? "UP" : "DOWN";
    objectStore.onSuccess(storeCheck -> {
      // a building index is ready (clients are served meanwhile); a failed rebuild is not (recovery cannot run)
      boolean ready = "UP".equals(storeCheck) && "UP".equals(member)
          && !parts.journal().index().whenComplete().failed();
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject()
          .put("status", ready ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("objectStore", storeCheck)
              .put("jobIndex", parts.journal().index().toJson())
              .put("hazelcast", member)
              .put("upstream", parts.upstream().describe())));
    });
  }
}
