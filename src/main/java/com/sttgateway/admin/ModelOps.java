package com.sttgateway.admin;

import com.sttgateway.GatewayException;
import com.sttgateway.models.ModelEntry;
import com.sttgateway.models.Vault;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Comparator;

/**
 * {@code GET /ops/models} (every vaulted model: state, resources, words, last restore) and {@code GET /ops/models/{id}}
 * (the whole entry with its history; never the sealed credential). Event loop only.
 */
record ModelOps(Vault vault) {

  void mount(Router router) {
    router.get("/ops/models").handler(ctx -> Ops.respond(ctx, 200, Future.succeededFuture(list())));
    router.get("/ops/models/:id").handler(ctx -> {
      ModelEntry entry = vault.entry(ctx.pathParam("id"));
      Ops.respond(ctx, 200, entry == null
          ? Future.failedFuture(new GatewayException(404, "no vaulted model " + ctx.pathParam("id")))
          : Future.succeededFuture(entry.describe()));
    });
  }

  private JsonObject list() {
    JsonArray models = new JsonArray();
    vault.entries().stream().sorted(Comparator.comparing(ModelEntry::id)).forEach(e -> {
      JsonObject d = e.describe();
      JsonObject lastRestore = null;
      for (Object h : d.getJsonArray("history")) {
        String event = ((JsonObject) h).getString("event");
        if (event.equals("restored") || event.equals("parked") || event.equals("lost")) {
          lastRestore = (JsonObject) h;
        }
      }
      d.remove("history");
      models.add(d.put("lastRestore", lastRestore));
    });
    return new JsonObject().put("models", models);
  }
}
