package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * GET of a model and of the model list: ids translated back to the client's; a vaulted model the upstream answers 404
 * for is restored at once and shown with its restore's progress; while the upstream is unreachable, the vault
 * answers. Answers made from the vault go only to the credential that built the model. Event loop only.
 */
record ModelReads(ModelExchange x) {

  Future<Boolean> get(HttpServerRequest request, ModelRoute route) {
    request.pause();
    ModelEntry entry = x.vault.get(route.id());
    if (entry != null && (entry.state() == ModelState.RESTORING || entry.state() == ModelState.PARKED)) {
      return fromVault(request, route.id(), null);
    }
    return x.calls.send(request, HttpMethod.GET, route.upstreamUri(x.ids)).transform(ar -> {
      if (ar.failed()) {
        return fromVault(request, route.id(), ar.cause());
      }
      UpstreamReply reply = ar.result();
      if (reply.status() == 404 && entry != null && entry.state() == ModelState.ACTIVE) {
        return x.recovery.lost(entry.id(), "a client's request met 404").compose(v -> fromVault(request,
            route.id(), null));
      }
      return relay(request, reply, reply.status() == 200 ? translate(reply.json()) : null);
    });
  }

  Future<Boolean> list(HttpServerRequest request, ModelRoute route) {
    request.pause();
    String tenant = Tenant.of(request);
    return x.calls.send(request, HttpMethod.GET, route.upstreamUri(x.ids)).transform(ar -> {
      if (ar.failed() || ar.result().status() != 200) {
        if (ar.succeeded()) {
          return relay(request, ar.result(), null);
        }
        return vaultList(request, route.kind(), tenant, new JsonArray(), ar.cause());
      }
      JsonArray models = new JsonArray();
      ar.result().json().getJsonArray("customizations", new JsonArray())
          .forEach(m -> models.add(translate((JsonObject) m)));
      return vaultList(request, route.kind(), tenant, models, null);
    });
  }

  /** {@code upstream}: the models the upstream listed; the tenant's vaulted ones it lacks are added from the vault. */
  private Future<Boolean> vaultList(HttpServerRequest request, ModelKind kind, String tenant, JsonArray upstream,
      Throwable unreachable) {
    Set<String> listed = new HashSet<>();
    upstream.forEach(m -> listed.add(((JsonObject) m).getString("customization_id")));
    x.vault.all().stream().filter(e -> e.kind() == kind && e.tenant().equals(tenant)
            && e.state() != ModelState.DELETED && !listed.contains(e.id())
            && (unreachable != null || e.state() != ModelState.ACTIVE))
        .forEach(e -> upstream.add(view(e, unreachable)));
    request.resume();
    request.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("customizations", upstream).toBuffer());
    return Future.succeededFuture(true);
  }

  private JsonObject translate(JsonObject model) {
    String upstreamId = model.getString("customization_id");
    return upstreamId == null ? model : model.put("customization_id", x.ids.clientId(upstreamId));
  }

  /** The model as the vault knows it, to its builder only; anyone else gets what the upstream would: 404 (or 502). */
  private Future<Boolean> fromVault(HttpServerRequest request, String id, Throwable unreachable) {
    ModelEntry entry = x.owned(request, id);
    request.resume();
    if (entry == null || entry.state() == ModelState.DELETED) {
      return Future.failedFuture(unreachable != null ? unreachable
          : new GatewayException(404, "Invalid value for customization ID '" + id + "'"));
    }
    request.response().putHeader("Content-Type", "application/json").end(view(entry, unreachable).toBuffer());
    return Future.succeededFuture(true);
  }

  static JsonObject view(ModelEntry e, Throwable unreachable) {
    JsonObject model = e.definition().copy().put("customization_id", e.id()).put("status", switch (e.state()) {
      case RESTORING -> "pending";
      case PARKED -> "failed";
      default -> e.training() == null ? "ready" : "available";
    });
    if (e.restore() != null) {
      model.put("gateway_restore", e.restore().copy());
    }
    if (unreachable != null) {
      model.put("gateway_vault", "the service is unreachable; this is the gateway's last known state");
    }
    return model;
  }

  private static Future<Boolean> relay(HttpServerRequest request, UpstreamReply reply, JsonObject body) {
    request.resume();
    reply.relay(request.response(), body == null ? null : body.toBuffer());
    return Future.succeededFuture(true);
  }
}
