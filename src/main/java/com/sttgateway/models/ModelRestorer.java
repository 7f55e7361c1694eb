package com.sttgateway.models;

import com.sttgateway.models.RestoreCalls.Refused;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rebuilds one lost model in the documented order: create; corpora, then grammars (language) or audio (acoustic),
 * each waited for until analyzed; words; train with the last parameters (an acoustic model with its language model's
 * current upstream id) if it was ever trained; wait for it to be usable. Each step is recorded in the entry's
 * {@code restore} progress before the next, so a restarted gateway continues where it stopped. Event loop only.
 */
record ModelRestorer(ModelVault vault, ModelIdMap ids, RestoreCalls calls) {

  /** Completes with the new upstream id; fails with Refused (park it) or anything else (try again later). */
  Future<String> restore(String id, String auth) {
    return created(id, auth)
        .compose(upstream -> resources(id, upstream, auth).map(upstream))
        .compose(upstream -> words(id, upstream, auth).map(upstream))
        .compose(upstream -> train(id, upstream, auth).map(upstream));
  }

  private Future<String> created(String id, String auth) {
    ModelEntry e = vault.get(id);
    String made = e.restore().getString("upstreamId");
    if (made != null) {
      return Future.succeededFuture(made);
    }
    return calls.json(HttpMethod.POST, root(e), auth, e.definition(), 201, "create")
        .map(reply -> reply.json().getString("customization_id"))
        .compose(upstream -> progress(id, p -> p.put("upstreamId", upstream).put("step", "resources")).map(upstream));
  }

  private Future<Void> resources(String id, String upstream, String auth) {
    Future<Void> chain = Future.succeededFuture();
    for (ModelResource.Type type : ModelResource.Type.values()) {
      for (ModelResource r : vault.get(id).resources().stream().filter(r -> r.type() == type).toList()) {
        chain = chain.compose(v -> done(id, r.marker()) ? Future.succeededFuture() : add(id, upstream, auth, r));
      }
    }
    return chain;
  }

  private Future<Void> add(String id, String upstream, String auth, ModelResource r) {
    String uri = modelPath(vault.get(id), upstream) + "/" + r.type().path() + "/" + encode(r.name());
    return calls.upload(uri + "?allow_overwrite=true", auth, r, "add " + r.marker())
        .compose(reply -> calls.poll(uri, auth, json -> analyzed(json, r), "analysis of " + r.marker()))
        .compose(json -> progress(id, p -> p.put("step", r.marker()).put("done", p.getJsonArray("done",
            new JsonArray()).add(r.marker()))));
  }

  private static boolean analyzed(JsonObject resource, ModelResource r) {
    String status = resource.getString("status", "");
    if (status.equals("invalid")) {
      throw new Refused("the service found " + r.marker() + " invalid: " + resource.getString("error", ""));
    }
    return !status.equals("being_processed");
  }

  private Future<Void> words(String id, String upstream, String auth) {
    ModelEntry e = vault.get(id);
    if (e.words().isEmpty() || done(id, "words")) {
      return Future.succeededFuture();
    }
    JsonArray list = new JsonArray();
    e.words().forEach(w -> list.add(w.getValue()));
    return calls.json(HttpMethod.POST, modelPath(e, upstream) + "/words", auth,
            new JsonObject().put("words", list), 201, "add words")
        .compose(reply -> progress(id, p -> p.put("step", "words").put("done",
            p.getJsonArray("done", new JsonArray()).add("words"))));
  }

  private Future<Void> train(String id, String upstream, String auth) {
    ModelEntry e = vault.get(id);
    String path = modelPath(e, upstream);
    if (e.training() == null) {
      return calls.poll(path, auth, json -> usable(json, false), "wait for ready").mapEmpty();
    }
    Future<Void> started = done(id, "train") ? Future.succeededFuture()
        : calls.json(HttpMethod.POST, path + "/train?" + trainingQuery(e), auth, null, 200, "train")
            .compose(reply -> progress(id, p -> p.put("step", "training").put("done",
                p.getJsonArray("done", new JsonArray()).add("train"))));
    return started.compose(v -> calls.poll(path, auth, json -> usable(json, true), "training")).mapEmpty();
  }

  private String trainingQuery(ModelEntry e) {
    StringBuilder q = new StringBuilder();
    e.training().forEach(p -> {
      String value = String.valueOf(p.getValue());
      if (p.getKey().equals("custom_language_model_id")) {
        ModelEntry lm = vault.get(value);
        if (lm != null && lm.state() != ModelState.ACTIVE) {
          throw new Refused("its custom language model " + value + " is " + lm.state().wire());
        }
        value = ids.upstreamId(value);
      }
      q.append(q.isEmpty() ? "" : "&").append(p.getKey()).append('=').append(encode(value));
    });
    return q.toString();
  }

  private static boolean usable(JsonObject model, boolean trained) {
    String status = model.getString("status", "");
    if (status.equals("failed")) {
      throw new Refused("the restored model failed to train: " + model.getValue("error", model.getValue("warnings")));
    }
    return trained ? status.equals("available") : List.of("ready", "available").contains(status);
  }

  private boolean done(String id, String marker) {
    JsonObject p = vault.get(id).restore();
    return p != null && p.getJsonArray("done", new JsonArray()).contains(marker);
  }

  private Future<Void> progress(String id, UnaryOperator<JsonObject> step) {
    return vault.change(id, e -> e.withState(ModelState.RESTORING, e.upstreamId(),
        step.apply(e.restore() == null ? new JsonObject() : e.restore().copy()))).mapEmpty();
  }

  private static String root(ModelEntry e) {
    return e.basePath() + "/v1/" + e.kind().path();
  }

  private static String modelPath(ModelEntry e, String upstream) {
    return root(e) + "/" + upstream;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
