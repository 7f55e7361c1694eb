package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * User words of a vaulted language model: POST many, PUT one, DELETE one; later calls override earlier ones. Bodies
 * are small JSON, read whole (64 KiB at most). When the vault cannot record added words they are deleted upstream
 * again (a word that overwrote an earlier definition loses both) and the client gets 503; a delete cannot be undone.
 * Event loop only.
 */
record WordCalls(ModelExchange x) {

  Future<Boolean> addMany(HttpServerRequest request, ModelRoute route) {
    return add(request, route, body -> {
      JsonObject words = new JsonObject();
      JsonArray list = body.getJsonArray("words", new JsonArray());
      list.forEach(w -> words.put(((JsonObject) w).getString("word"), w));
      return words;
    });
  }

  Future<Boolean> putOne(HttpServerRequest request, ModelRoute route) {
    return add(request, route, body -> new JsonObject().put(route.name(), body.copy().put("word", route.name())));
  }

  private Future<Boolean> add(HttpServerRequest request, ModelRoute route,
      java.util.function.Function<JsonObject, JsonObject> words) {
    if (x.vault.get(route.id()) == null) {
      return x.forward(request, route);
    }
    HttpMethod method = request.method();
    return ModelExchange.readSmall(request).compose(body -> x.send(request, method, route.upstreamUri(x.ids), body)
        .compose(reply -> {
          if (reply.status() / 100 != 2) {
            reply.relay(request.response(), null);
            return Future.succeededFuture(true);
          }
          JsonObject added = words.apply(json(body));
          Future<ModelEntry> write = x.vault.change(route.id(), e -> e.withWords(added)
              .event("client", "words added", String.join(", ", added.fieldNames())));
          return x.afterWrite(request, write, reply, null, () -> undo(request, route, added), "the words' addition");
        }));
  }

  private Future<?> undo(HttpServerRequest request, ModelRoute route, JsonObject added) {
    List<Future<UpstreamReply>> deletes = new ArrayList<>();
    String base = route.modelPath(x.ids.upstreamId(route.id())) + "/words/";
    added.fieldNames().forEach(word -> deletes.add(x.calls.send(request, HttpMethod.DELETE,
        base + java.net.URLEncoder.encode(word, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))));
    return Future.join(deletes);
  }

  Future<Boolean> delete(HttpServerRequest request, ModelRoute route) {
    request.pause();
    return x.calls.send(request, HttpMethod.DELETE, route.upstreamUri(x.ids)).compose(reply -> {
      request.resume();
      ModelEntry entry = x.vault.get(route.id());
      boolean kept = entry != null && entry.words().containsKey(route.name());
      if (!kept || (reply.status() / 100 != 2 && reply.status() != 404)) {
        reply.relay(request.response(), null);
        return Future.succeededFuture(true);
      }
      return x.afterWrite(request, x.vault.change(route.id(), e -> e.withoutWord(route.name())
          .event("client", "word deleted", route.name())), reply, null, null, "the word's deletion");
    });
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      throw new GatewayException(400, "the upstream accepted words that are not a JSON object");
    }
  }
}
