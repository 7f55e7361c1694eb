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
 * Rebuilds a vaulted model upstream in the documented order: create; corpora, then grammars (language) or audio
 * (acoustic), each waited for until analyzed; words; train with the last parameters (an acoustic model with its
 * language model's current upstream id) if it was ever trained; wait for it to be usable. Each step is recorded in a
 * {@link Progress} before the next: a restore keeps it in the entry (a restarted gateway continues where it stopped),
 * a verify drill in its own memory (the entry is not touched). Event loop only.
 */
record ModelRestorer(ModelVault vault, ModelIdMap ids, RestoreCalls calls) {

  /** Where a rebuild keeps its steps ({@code upstreamId} once created, {@code step}, {@code done} markers). */
  interface Progress {
    /** The steps so far; never null. */
    JsonObject now();

    /** Records one step; a failed future stops the rebuild. */
    Future<Void> record(UnaryOperator<JsonObject> step);
  }

  /**
   * The entry is no longer restoring (its client deleted it, an operator parked it): the restore ends quietly, with
   * neither parking nor retry; {@code detail} says what became of the model it had created upstream.
   */
  static final class Stopped extends RuntimeException {
    Stopped(String detail) {
      super(detail, null, false, false);
    }
  }

  /**
   * Restores lost model {@code id}: its own definition, progress kept in its entry (state restoring); completes with
   * its new upstream id once the entry is active again. Each step is recorded only while the entry is still restoring
   * (a delete meanwhile must not bring the model back): otherwise it fails with {@link Stopped}, after deleting what
   * it had built upstream.
   */
  Future<String> restore(String id, String auth) {
    ModelEntry e = vault.get(id);
    Kept kept = new Kept(id, e.restore() == null ? null : e.restore().getString("upstreamId"));
    return rebuild(e, e.definition(), kept, auth)
        .compose(upstream -> vault.change(id, now -> now.state() != ModelState.RESTORING ? now
            : now.withState(ModelState.ACTIVE, upstream, null)
                .event("gateway", "restored", "as upstream id " + upstream))
            .compose(after -> kept.stillRestoring(after, ModelState.ACTIVE)).map(upstream))
        .recover(err -> err instanceof Stopped ? discard(e, kept.upstream, auth, err.getMessage())
            : Future.failedFuture(err));
  }

  /**
   * Progress kept in the entry; {@code upstream} remembers the model created (by this run or, after a restart, an
   * earlier one), should the entry stop restoring: a delete clears the entry's progress.
   */
  private final class Kept implements Progress {
    private final String id;
    private String upstream;

    Kept(String id, String upstream) {
      this.id = id;
      this.upstream = upstream;
    }

    @Override
    public JsonObject now() {
      JsonObject p = vault.get(id).restore();
      return p == null ? new JsonObject() : p;
    }

    @Override
    public Future<Void> record(UnaryOperator<JsonObject> step) {
      return vault.change(id, now -> {
        JsonObject next = step.apply(now.restore() == null ? new JsonObject() : now.restore().copy());
        upstream = next.getString("upstreamId", upstream);
        return now.state() != ModelState.RESTORING ? now : now.withState(ModelState.RESTORING, now.upstreamId(), next);
      }).compose(after -> stillRestoring(after, ModelState.RESTORING));
    }

    Future<Void> stillRestoring(ModelEntry after, ModelState expected) {
      return after != null && after.state() == expected ? Future.succeededFuture()
          : Future.failedFuture(new Stopped("it is " + (after == null ? "gone" : after.state().wire())));
    }
  }

  /** Best effort: deletes the model this restore created upstream (a training in progress is waited out). */
  private Future<String> discard(ModelEntry e, String upstream, String auth, String why) {
    Future<String> detail = upstream == null ? Future.succeededFuture("nothing had been created upstream")
        : calls.json(HttpMethod.DELETE, modelPath(e, upstream), auth, null, 200, "delete the abandoned model")
            .map("its upstream model " + upstream + " was deleted")
            .otherwise(err -> "its upstream model " + upstream + " was NOT deleted (delete it by hand): "
                + err.getMessage());
    return detail.compose(d -> Future.failedFuture(new Stopped(why + "; " + d)));
  }

  /**
   * Builds the content of {@code e} upstream as a model with {@code definition}; completes with its upstream id;
   * fails with Refused (the upstream will not take it) or anything else (try again later).
   */
  Future<String> rebuild(ModelEntry e, JsonObject definition, Progress progress, String auth) {
    return created(e, definition, progress, auth)
        .compose(upstream -> resources(e, upstream, progress, auth).map(upstream))
        .compose(upstream -> words(e, upstream, progress, auth).map(upstream))
        .compose(upstream -> train(e, upstream, progress, auth).map(upstream));
  }

  private Future<String> created(ModelEntry e, JsonObject definition, Progress progress, String auth) {
    String made = progress.now().getString("upstreamId");
    if (made != null) {
      return Future.succeededFuture(made);
    }
    return calls.json(HttpMethod.POST, root(e), auth, definition, 201, "create")
        .map(reply -> reply.json().getString("customization_id"))
        .compose(upstream -> progress.record(p -> p.put("upstreamId", upstream).put("step", "resources"))
            .map(upstream));
  }

  private Future<Void> resources(ModelEntry e, String upstream, Progress progress, String auth) {
    Future<Void> chain = Future.succeededFuture();
    for (ModelResource.Type type : ModelResource.Type.values()) {
      for (ModelResource r : e.resources().stream().filter(r -> r.type() == type).toList()) {
        chain = chain.compose(v -> done(progress, r.marker()) ? Future.succeededFuture()
            : add(e, upstream, progress, auth, r));
      }
    }
    return chain;
  }

  private Future<Void> add(ModelEntry e, String upstream, Progress progress, String auth, ModelResource r) {
    String uri = modelPath(e, upstream) + "/" + r.type().path() + "/" + encode(r.name());
    return calls.upload(uri + "?allow_overwrite=true", auth, r, "add " + r.marker())
        .compose(reply -> calls.poll(uri, auth, json -> analyzed(json, r), "analysis of " + r.marker()))
        .compose(json -> progress.record(p -> p.put("step", r.marker()).put("done", p.getJsonArray("done",
            new JsonArray()).add(r.marker()))));
  }

  private static boolean analyzed(JsonObject resource, ModelResource r) {
    String status = resource.getString("status", "");
    if (status.equals("invalid")) {
      throw new Refused("the service found " + r.marker() + " invalid: " + resource.getString("error", ""));
    }
    return !status.equals("being_processed");
  }

  private Future<Void> words(ModelEntry e, String upstream, Progress progress, String auth) {
    if (e.words().isEmpty() || done(progress, "words")) {
      return Future.succeededFuture();
    }
    JsonArray list = new JsonArray();
    e.words().forEach(w -> list.add(w.getValue()));
    return calls.json(HttpMethod.POST, modelPath(e, upstream) + "/words", auth,
            new JsonObject().put("words", list), 201, "add words")
        .compose(reply -> progress.record(p -> p.put("step", "words").put("done",
            p.getJsonArray("done", new JsonArray()).add("words"))));
  }

  private Future<Void> train(ModelEntry e, String upstream, Progress progress, String auth) {
    String path = modelPath(e, upstream);
    if (e.training() == null) {
      return calls.poll(path, auth, json -> usable(json, false), "wait for ready").mapEmpty();
    }
    Future<Void> started = done(progress, "train") ? Future.succeededFuture()
        : calls.json(HttpMethod.POST, path + "/train?" + trainingQuery(e), auth, null, 200, "train")
            .compose(reply -> progress.record(p -> p.put("step", "training").put("done",
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
      throw new Refused("the rebuilt model failed to train: " + model.getValue("error", model.getValue("warnings")));
    }
    return trained ? status.equals("available") : List.of("ready", "available").contains(status);
  }

  private static boolean done(Progress progress, String marker) {
    return progress.now().getJsonArray("done", new JsonArray()).contains(marker);
  }

  static String root(ModelEntry e) {
    return e.basePath() + "/v1/" + e.kind().path();
  }

  static String modelPath(ModelEntry e, String upstream) {
    return root(e) + "/" + upstream;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
