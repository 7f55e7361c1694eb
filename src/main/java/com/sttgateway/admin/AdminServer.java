package com.sttgateway.admin;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.recovery.RecoveryRunner;
import com.sttgateway.upstream.UpstreamHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin port: {@code /health/live}, {@code /health/ready}, {@code /upstream} and {@code /recovery} (the last
 * recovery run). Ready means the object store
 * answers and the Hazelcast member runs; the upstream's health is reported but never makes the gateway unready
 * (clients' jobs are still accepted and journaled while it is down). Event loop only.
 */
public final class AdminServer {

  private final Vertx vertx;
  private final ObjectStore store;
  private final HazelcastInstance hazelcast;
  private final UpstreamHealth upstream;
  private final RecoveryRunner recovery;

  public AdminServer(Vertx vertx, ObjectStore store, HazelcastInstance hazelcast, UpstreamHealth upstream,
      RecoveryRunner recovery) {
    this.recovery = recovery;
    this.vertx = vertx;
    this.store = store;
    this.hazelcast = hazelcast;
    this.upstream = upstream;
  }

  public Future<HttpServer> listen(String host, int port) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/upstream").handler(ctx -> ctx.json(upstream.describe()));
    router.get("/recovery").handler(ctx -> ctx.json(recovery.lastRun()));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  private void ready(RoutingContext ctx) {
    Future<String> objectStore = store.ping().map("UP").otherwise(err -> "DOWN: " + err.getMessage());
    String member = hazelcast.getLifecycleService().isRunning() ? "UP" : "DOWN";
    objectStore.onSuccess(storeCheck -> {
      boolean ready = "UP".equals(storeCheck) && "UP".equals(member);
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject()
          .put("status", ready ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("objectStore", storeCheck)
              .put("hazelcast", member)
              .put("upstream", upstream.describe())));
    });
  }
}
