package com.sttgateway.admin;

import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.recovery.RecoveryRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.logging.Logger;

/**
 * {@code GET /ops/callbacks} (the journaled registrations, never their secrets) and
 * {@code POST /ops/callbacks/reregister} (register them all upstream again now). Event loop only.
 */
record CallbackOps(CallbackJournal callbacks, RecoveryRunner recovery) {

  private static final Logger LOG = Logger.getLogger(CallbackOps.class.getName());

  void mount(Router router) {
    router.get("/ops/callbacks").handler(ctx -> Ops.respond(ctx, 200, list()));
    router.post("/ops/callbacks/reregister").handler(ctx -> {
      String operator = Ops.operator(ctx);
      LOG.info("callback re-registration requested by " + operator);
      recovery.reregisterCallbacks().onComplete(ar -> LOG.info("callback re-registration requested by " + operator
          + ": " + (ar.succeeded() ? ar.result() + " newly created upstream" : "failed: " + ar.cause().getMessage())));
      Ops.respond(ctx, 202, Future.succeededFuture(new JsonObject().put("started", true)));
    });
  }

  private Future<JsonObject> list() {
    return callbacks.list().map(all -> {
      JsonArray out = new JsonArray();
      all.forEach(r -> out.add(view(r)));
      return new JsonObject().put("callbacks", out);
    });
  }

  /** A registration with its history: the first registration, then every change of outcome. */
  private static JsonObject view(CallbackRegistration r) {
    JsonArray history = new JsonArray(r.history().stream().map(JobRecord.HistoryEntry::toJson).toList());
    return new JsonObject().put("url", r.url()).put("tenant", r.tenant())
        .put("hasSecret", r.encryptedSecret() != null).put("registeredAt", r.created().toString())
        .put("lastResult", r.lastResult()).put("history", history);
  }
}
