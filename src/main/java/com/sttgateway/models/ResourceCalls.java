package com.sttgateway.models;

import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Adding and deleting corpora, grammars and audio resources of a vaulted model. An add streams the body into the
 * vault and upstream ({@link ResourceForward}); on the upstream's 201 the entry records it before the client's answer
 * (a vault that cannot record it: the resource just added is deleted upstream, 503). A refused add keeps nothing.
 * A delete (200, or 404: lost upstream) removes it from the entry, then its body. Event loop only.
 */
final class ResourceCalls {

  private final ModelExchange x;
  private final ResourceForward forward;

  ResourceCalls(ModelExchange x, ResourceForward forward) {
    this.x = x;
    this.forward = forward;
  }

  Future<Boolean> add(HttpServerRequest request, ModelRoute route) {
    if (x.vault.get(route.id()) == null) {
      return x.forward(request, route); // not vaulted (created before the gateway): passed through untouched
    }
    Query.check(route.query());
    request.pause();
    ModelResource.Type type = route.resourceType();
    String key = ModelObjects.resource(route.id(), type, route.name(), UUID.randomUUID().toString());
    return forward.store(request, key)
        .compose(stored -> forward.send(request, route.upstreamUri(x.ids), stored)
            .compose(reply -> settle(request, route, type, stored, reply),
                err -> x.vault.store().remove(key).otherwiseEmpty().compose(v -> Future.failedFuture(err))));
  }

  private Future<Boolean> settle(HttpServerRequest request, ModelRoute route, ModelResource.Type type,
      ResourceForward.Stored stored, UpstreamReply reply) {
    if (reply.status() != 201) {
      return x.vault.store().remove(stored.key()).otherwiseEmpty().map(v -> {
        reply.relay(request.response(), null);
        return true;
      });
    }
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
