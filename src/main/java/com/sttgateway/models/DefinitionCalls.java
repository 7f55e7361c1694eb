package com.sttgateway.models;

import com.sttgateway.jobs.Tenant;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Create, train, upgrade, reset and delete of a model, journaled in the vault before the client's answer. Undo when the vault
 * cannot be written: a created model is deleted upstream; a training, reset or delete cannot be undone, so the
 * client gets 503 and the vault keeps what it had (a retried call then lands on the upstream's new state). Event
 * loop only.
 */
record DefinitionCalls(ModelExchange x) {

  private static final List<String> LANGUAGE_TRAINING = List.of("word_type_to_add", "customization_weight", "strict");
  private static final List<String> ACOUSTIC_TRAINING = List.of("custom_language_model_id", "strict");

  /** POST .../v1/{kind}: the definition read whole (small), the entry created under the upstream's id. */
  Future<Boolean> create(HttpServerRequest request, ModelRoute route) {
    return ModelExchange.readSmall(request).compose(body -> x.send(request, HttpMethod.POST, route.upstreamUri(x.ids),
        body).compose(reply -> {
          if (reply.status() != 201) {
            reply.relay(request.response(), null);
            return Future.succeededFuture(true);
          }
          String id = reply.json().getString("customization_id");
          ModelEntry entry = ModelEntry.created(id, route.kind(), Tenant.of(request), x.sealedAuthorization(request),
              route.upstreamBase(), definition(body));
          return x.afterWrite(request, x.vault.create(entry), reply, null,
              () -> x.calls.send(request, HttpMethod.DELETE, route.modelPath(id)), "the model's creation");
        }));
  }

  private static JsonObject definition(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject(); // the upstream accepted it; keep what can be kept
    }
  }

  /** POST .../{id}/train: the parameters of the last successful training (acoustic: the client's LM id). */
  Future<Boolean> train(HttpServerRequest request, ModelRoute route) {
    return bodiless(request, route, entry -> entry.withTraining(parameters(route))
        .event("client", "trained", route.query()), "the training's parameters");
  }

  private static JsonObject parameters(ModelRoute route) {
    JsonObject params = new JsonObject();
    for (String name : route.kind() == ModelKind.LANGUAGE ? LANGUAGE_TRAINING : ACOUSTIC_TRAINING) {
      String value = Query.first(route.query(), name);
      if (value != null) {
        params.put(name, value);
      }
    }
    return params;
  }

  /**
   * POST .../{id}/upgrade_model: recorded in the entry's history only. A restore creates the model by its base model's
   * name, and the service creates a new model on the base model's current version, then trains it: a restored model
   * is already upgraded, so the upgrade needs no replay and nothing else in the vault changes (an acoustic upgrade's
   * {@code custom_language_model_id} is the one it was trained with, which the vault has). The event lets an operator
   * see that the model was upgraded, and when.
   */
  Future<Boolean> upgrade(HttpServerRequest request, ModelRoute route) {
    return bodiless(request, route, entry -> entry.event("client", "upgraded", "to the base model's current version"
        + (route.query().isEmpty() ? "" : " (" + route.query() + ")") + "; a restore creates it on that version"),
        "the upgrade");
  }

  /** POST .../{id}/reset: the upstream removed every resource and word, so the vault forgets them too. */
  Future<Boolean> reset(HttpServerRequest request, ModelRoute route) {
    return bodiless(request, route, entry -> entry.emptied().event("client", "reset", null), "the reset");
  }

  /** DELETE .../{id}: the entry becomes a tombstone (never restored); its resource bodies are removed after. */
  Future<Boolean> delete(HttpServerRequest request, ModelRoute route) {
    return bodiless(request, route, entry -> entry.withState(ModelState.DELETED, entry.upstreamId(), null)
        .event("client", "deleted", null), "the model's deletion").onSuccess(answered -> {
          ModelEntry gone = x.vault.get(route.id());
          if (gone != null && gone.state() == ModelState.DELETED) {
            gone.resources().forEach(r -> x.vault.store().remove(r.key()));
          }
        });
  }

  /** A bodiless call forwarded with mapped ids; a 2xx changes the entry (if vaulted) before the answer. */
  private Future<Boolean> bodiless(HttpServerRequest request, ModelRoute route,
      java.util.function.UnaryOperator<ModelEntry> change, String what) {
    Query.check(route.query());
    request.pause();
    return x.calls.send(request, request.method(), route.upstreamUri(x.ids)).compose(reply -> {
      request.resume();
      // A delete the upstream answers 404 (lost there) still retires the entry, a deleted model never comes back;
      // but only for the credential that built it: the upstream's 404 proves nothing about another one's rights.
      boolean lost = request.method() == HttpMethod.DELETE && reply.status() == 404;
      ModelEntry entry = lost ? x.owned(request, route.id()) : x.vault.get(route.id());
      if (!(reply.status() / 100 == 2 || lost) || entry == null) {
        return relay(request, reply);
      }
      // The client built this model through the gateway and it was not deleted yet: the upstream's 404 means it was
      // lost there (or is being restored under another id), so for the client the delete succeeds, as it would have
      // before the loss: 200 and an empty object, the service's answer to a delete.
      UpstreamReply answer = lost && entry.state() != ModelState.DELETED ? new UpstreamReply(200,
          MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"), Buffer.buffer("{}")) : reply;
      return x.afterWrite(request, x.vault.change(route.id(), change), answer, null, null, what);
    });
  }

  private static Future<Boolean> relay(HttpServerRequest request, UpstreamReply reply) {
    reply.relay(request.response(), null);
    return Future.succeededFuture(true);
  }
}
