package com.sttgateway.models;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A vaulted model ({@code models/{id}/model.json}): kind, the client's definition, tenant fingerprint, sealed
 * credential, upstream base path and current upstream id, state, resources, user words (word to definition, later
 * calls overriding earlier ones), the last successful training's parameters, restore progress, history (last 100).
 * Immutable: every change returns a new entry (JSON members are copied, never shared).
 */
public record ModelEntry(String id, ModelKind kind, String tenant, String sealedAuthorization, String basePath,
    String upstreamId, ModelState state, JsonObject definition, List<ModelResource> resources, JsonObject words,
    JsonObject training, JsonObject restore, JsonArray history) {

  static final int VERSION = 1;
  static final int MAX_HISTORY = 100;

  public ModelEntry {
    resources = List.copyOf(resources);
  }

  static ModelEntry created(String id, ModelKind kind, String tenant, String sealed, String basePath,
      JsonObject definition) {
    return new ModelEntry(id, kind, tenant, sealed, basePath, id, ModelState.ACTIVE, definition, List.of(),
        new JsonObject(), null, null, new JsonArray()).event("client", "created", "upstream id " + id);
  }

  ModelEntry withState(ModelState next, String upstream, JsonObject progress) {
    return new ModelEntry(id, kind, tenant, sealedAuthorization, basePath, upstream, next, definition, resources,
        words, training, progress, history);
  }

  ModelEntry withResource(ModelResource resource) {
    List<ModelResource> next = new ArrayList<>(resources);
    next.removeIf(r -> r.type() == resource.type() && r.name().equals(resource.name()));
    next.add(resource);
    return withContent(next, words, training);
  }

  ModelEntry withoutResource(ModelResource.Type type, String name) {
    List<ModelResource> next = new ArrayList<>(resources);
    next.removeIf(r -> r.type() == type && r.name().equals(name));
    return withContent(next, words, training);
  }

  /** {@code added}: word to definition; each replaces any earlier definition of the word. */
  ModelEntry withWords(JsonObject added) {
    JsonObject next = words.copy();
    added.forEach(e -> next.put(e.getKey(), e.getValue()));
    return withContent(resources, next, training);
  }

  ModelEntry withoutWord(String word) {
    JsonObject next = words.copy();
    next.remove(word);
    return withContent(resources, next, training);
  }

  ModelEntry withTraining(JsonObject parameters) {
    return withContent(resources, words, parameters);
  }

  /** After a reset: no resources, words or training. */
  ModelEntry emptied() {
    return withContent(List.of(), new JsonObject(), null);
  }

  private ModelEntry withContent(List<ModelResource> r, JsonObject w, JsonObject t) {
    return new ModelEntry(id, kind, tenant, sealedAuthorization, basePath, upstreamId, state, definition, r, w, t,
        restore, history);
  }

  ModelResource resource(ModelResource.Type type, String name) {
    return resources.stream().filter(r -> r.type() == type && r.name().equals(name)).findFirst().orElse(null);
  }

  /** Appends a history entry (who, when, what), keeping the last {@link #MAX_HISTORY}. */
  ModelEntry event(String by, String event, String detail) {
    JsonArray next = history.copy();
    next.add(new JsonObject().put("at", Instant.now().toString()).put("by", by).put("event", event)
        .put("detail", detail));
    while (next.size() > MAX_HISTORY) {
      next.remove(0);
    }
    return new ModelEntry(id, kind, tenant, sealedAuthorization, basePath, upstreamId, state, definition, resources,
        words, training, restore, next);
  }

  JsonObject toJson() {
    JsonArray res = new JsonArray();
    resources.forEach(r -> res.add(r.toJson()));
    return new JsonObject().put("version", VERSION).put("id", id).put("kind", kind.wire()).put("tenant", tenant)
        .put("sealedAuthorization", sealedAuthorization).put("basePath", basePath).put("upstreamId", upstreamId)
        .put("state", state.wire()).put("definition", definition.copy()).put("resources", res)
        .put("words", words.copy()).put("training", training == null ? null : training.copy())
        .put("restore", restore == null ? null : restore.copy()).put("history", history.copy());
  }

  static ModelEntry fromJson(JsonObject json) {
    List<ModelResource> res = new ArrayList<>();
    json.getJsonArray("resources", new JsonArray()).forEach(r -> res.add(ModelResource.fromJson((JsonObject) r)));
    return new ModelEntry(json.getString("id"), ModelKind.ofWire(json.getString("kind")), json.getString("tenant"),
        json.getString("sealedAuthorization"), json.getString("basePath", ""), json.getString("upstreamId"),
        ModelState.ofWire(json.getString("state")), json.getJsonObject("definition", new JsonObject()), res,
        json.getJsonObject("words", new JsonObject()), json.getJsonObject("training"),
        json.getJsonObject("restore"), json.getJsonArray("history", new JsonArray()));
  }

  /** What an operator sees: everything but the sealed credential. */
  public JsonObject describe() {
    JsonObject view = toJson();
    view.remove("sealedAuthorization");
    return view;
  }
}
