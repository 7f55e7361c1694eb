package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Adding and deleting corpora, grammars and audio resources of a vaulted model. An add streams the body into the
 * vault and upstream in one pass ({@link JournaledForward}, as job audio); on the upstream's 201 the entry records
 * it before the client's answer (a vault that cannot keep or record it: the resource just added is deleted
 * upstream, 503). A refused add keeps nothing.
 * A delete (200, or 404: lost upstream) removes it from the entry, then its body. Event loop only.
 */
record ResourceCalls(ModelExchange x, JournaledForward forward, long maxBytes) {

  private static final int UNDO_TRIES = 120;

  Future<Boolean> add(HttpServerRequest request, ModelRoute route) {
    if (x.vault.get(route.id()) == null) {
      return x.forward(request, route); // not vaulted (created before the gateway): passed through untouched
    }
    Query.check(route.query());
    request.pause();
    ModelResource.Type type = route.resourceType();
    String key = ModelObjects.resource(route.id(), type, route.name(), UUID.randomUUID().toString());
    JournaledForward.Target target = new JournaledForward.Target(key, request.getHeader("Content-Type"), null,
        maxBytes);
    return x.calls.open(request, route.upstreamUri(x.ids))
        .compose(up -> forward.forward(request, up, target, refused -> false))
        .compose(outcome -> decide(request, route, type, outcome));
  }

  private Future<Boolean> decide(HttpServerRequest request, ModelRoute route, ModelResource.Type type,
      JournaledForward.Outcome outcome) {
    UpstreamReply reply = outcome.reply();
    if (outcome.stored().failed()) {
      Throwable cause = outcome.stored().cause();
      if (cause instanceof JournaledForward.TooLargeException) {
        return Future.failedFuture(new GatewayException(413, "Request Entity Too Large: " + cause.getMessage()));
      }
      if (reply != null && reply.status() != 201) {
        return relay(request, reply);
      }
      Future<Void> undo = reply == null ? Future.succeededFuture() : undo(request, route, UNDO_TRIES);
      return undo.otherwiseEmpty().compose(v -> Future.failedFuture(GatewayException.unavailable(
          "the model vault is unavailable, so the " + type.path() + " was not accepted; retry later", 10)));
    }
    if (reply == null || reply.status() != 201) {
      Future<Void> removed = x.vault.store().remove(outcome.stored().result().key()).otherwiseEmpty();
      return reply == null ? removed.compose(v -> Future.failedFuture(GatewayException.of(outcome.upstream().cause())))
          : removed.compose(v -> relay(request, reply));
    }
    return settle(request, route, type, outcome.stored().result(), reply);
  }

  /**
   * Deletes the resource the upstream just accepted; it answers 409 while it still analyzes it, so that is waited
   * out (every 250 ms, up to {@code tries} times).
   */
  private Future<Void> undo(HttpServerRequest request, ModelRoute route, int tries) {
    return x.calls.send(request, HttpMethod.DELETE, route.upstreamUri(x.ids)).compose(r -> {
      if (r.status() != 409 || tries <= 1) {
        return r.status() / 100 == 2 || r.status() == 404 ? Future.succeededFuture()
            : Future.failedFuture("the upstream answered " + r.status() + " to the undo of an add");
      }
      Promise<Void> later = Promise.promise();
      Vertx.currentContext().owner().setTimer(250, t -> undo(request, route, tries - 1).onComplete(later));
      return later.future();
    });
  }

  private static Future<Boolean> relay(HttpServerRequest request, UpstreamReply reply) {
    reply.relay(request.response(), null);
    return Future.succeededFuture(true);
  }

  private Future<Boolean> settle(HttpServerRequest request, ModelRoute route, ModelResource.Type type,
      JournaledForward.Stored stored, UpstreamReply reply) {
    ModelResource resource = new ModelResource(type, route.name(), request.getHeader("Content-Type"),
        request.getHeader("Contained-Content-Type"), stored.key(), stored.bytes(), stored.sha256(),
        Instant.now().toString());
    String[] replaced = new String[1];
    Future<ModelEntry> write = x.vault.change(route.id(), entry -> {
      ModelResource before = entry.resource(type, route.name());
      replaced[0] = before == null ? null : before.key();
      return entry.withResource(resource).event("client", type.path() + " added", route.name() + ", "
          + stored.bytes() + " bytes, sha256 " + stored.sha256());
    });
    return x.afterWrite(request, write, reply, null, () -> x.calls.send(request, HttpMethod.DELETE,
        route.upstreamUri(x.ids)).compose(v -> x.vault.store().remove(stored.key())), "the " + type.path() + " add")
        .onSuccess(v -> {
          if (replaced[0] != null) {
            x.vault.store().remove(replaced[0]);
          }
        });
  }

  Future<Boolean> delete(HttpServerRequest request, ModelRoute route) {
    request.pause();
    return x.calls.send(request, HttpMethod.DELETE, route.upstreamUri(x.ids)).compose(reply -> {
      request.resume();
      ModelEntry entry = x.vault.get(route.id());
      ModelResource.Type type = route.resourceType();
      ModelResource kept = entry == null ? null : entry.resource(type, route.name());
      if (kept == null || (reply.status() / 100 != 2 && reply.status() != 404)) {
        reply.relay(request.response(), null);
        return Future.succeededFuture(true);
      }
      Future<ModelEntry> write = x.vault.change(route.id(), e -> e.withoutResource(type, route.name())
          .event("client", type.path() + " deleted", route.name()));
      return x.afterWrite(request, write, reply, null, null, "the " + type.path() + " delete")
          .onSuccess(v -> x.vault.store().remove(kept.key()));
    });
  }
}
