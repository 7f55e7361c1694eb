package com.sttgateway.admin;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.journal.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin port: {@code /health/live} and {@code /health/ready}. Ready means the object store answers and the
 * Hazelcast member runs; the upstream's reachability is reported but never makes the gateway unready (clients'
 * jobs are still accepted and journaled while it is down). Event loop only.
 */
public final class AdminServer {

  private final Vertx vertx;
  private final ObjectStore store;
  private final HazelcastInstance hazelcast;
  private final HttpClient upstreamClient;
  private final RequestOptions upstreamProbe;

  public AdminServer(Vertx vertx, ObjectStore store, HazelcastInstance hazelcast, HttpClient upstreamClient,
      RequestOptions upstreamProbe) {
    this.vertx = vertx;
    this.store = store;
    this.hazelcast = hazelcast;
    this.upstreamClient = upstreamClient;
    this.upstreamProbe = upstreamProbe;
  }

  public Future<HttpServer> listen(String host, int port) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  private void ready(RoutingContext ctx) {
    Future<String> objectStore = store.ping().map("UP").otherwise(err -> "DOWN: " + err.getMessage());
    String member = hazelcast.getLifecycleService().isRunning() ? "UP" : "DOWN";
    Future<String> upstream = probeUpstream();
    Future.join(objectStore, upstream).onComplete(ignored -> {
      boolean ready = "UP".equals(objectStore.result()) && "UP".equals(member);
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject()
          .put("status", ready ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("objectStore", objectStore.result())
              .put("hazelcast", member)
              .put("upstream", upstream.result())));
    });
  }

  /** Any HTTP answer (even 401) means the upstream is reachable. */
  private Future<String> probeUpstream() {
    return upstreamClient.request(new RequestOptions(upstreamProbe).setMethod(HttpMethod.GET).setTimeout(2000))
        .compose(req -> req.send())
        .compose(resp -> resp.end().map("REACHABLE (HTTP " + resp.statusCode() + ")"))
        .otherwise(err -> "UNREACHABLE: " + err.getMessage());
  }
}
