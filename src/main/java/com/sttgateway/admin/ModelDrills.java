package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.models.ModelDrill;
import com.sttgateway.models.Vault;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verify drills as server-side tasks: {@code POST /ops/models/{id}/verify[?timeoutSeconds=N]} starts one (202; 409
 * while one of that model runs), {@code GET /ops/models/{id}/verify} shows the model's latest. Drills live in this
 * member's memory (the latest 100 models' are kept); the model's history records each in the vault. Event loop only.
 */
final class ModelDrills {

  static final long DEFAULT_TIMEOUT_SECONDS = 3600;
  static final long MAX_TIMEOUT_SECONDS = 86_400;
  private static final int KEPT = 100;

  private final Vault vault;
  private final Map<String, ModelDrill> drills = new LinkedHashMap<>();

  ModelDrills(Vault vault) {
    this.vault = vault;
  }

  void mount(Router router) {
    router.post("/ops/models/:id/verify").handler(this::start);
    router.get("/ops/models/:id/verify").handler(ctx -> {
      ModelDrill drill = drills.get(ctx.pathParam("id"));
      Ops.respond(ctx, 200, drill == null ? Future.failedFuture(new GatewayException(404, "no verify drill of model "
          + ctx.pathParam("id") + " on this member")) : Future.succeededFuture(drill.toJson()));
    });
  }

  private void start(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ModelDrill running = drills.get(id);
    if (running != null && running.running()) {
      ctx.fail(new GatewayException(409, "a verify drill of model " + id + " is running since "
          + running.toJson().getString("started")));
      return;
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds(ctx.queryParams().get("timeoutSeconds")));
    ModelDrill drill = vault.verify(id, Ops.operator(ctx), timeout);
    drills.remove(id);
    drills.put(id, drill);
    if (drills.size() > KEPT) {
      drills.remove(drills.keySet().iterator().next());
    }
    Ops.respond(ctx, 202, Future.succeededFuture(drill.toJson()));
  }

  private static long timeoutSeconds(String given) {
    if (given == null) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    if (!given.matches("\\d{1,6}") || Long.parseLong(given) < 1 || Long.parseLong(given) > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException("timeoutSeconds: '" + given + "' (expected: whole seconds, 1 to "
          + MAX_TIMEOUT_SECONDS + ")");
    }
    return Long.parseLong(given);
  }
}
