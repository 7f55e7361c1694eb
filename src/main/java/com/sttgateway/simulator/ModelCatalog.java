package com.sttgateway.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GET /v1/models[/{id}] over a handful of real model names; also answers which names createJob and recognize
 * accept. The list body is encoded once per Host header (it is the benchmark's hot path); thread-safe.
 */
final class ModelCatalog {

  /** One speech model as the service describes it. */
  record Model(String name, String language, int rate, boolean customAcoustic, boolean lowLatency,
      String description) {
  }

  private static final List<Model> MODELS = List.of(
      new Model("en-US_BroadbandModel", "en-US", 16000, true, false, "US English broadband model."),
      new Model("en-US_NarrowbandModel", "en-US", 8000, true, false, "US English narrowband model."),
      new Model("en-US_Multimedia", "en-US", 16000, false, true,
          "US English multimedia model for broadband audio (16kHz or more)."),
      new Model("en-US_Telephony", "en-US", 8000, false, true,
          "US English telephony model for narrowband audio (8kHz)."),
      new Model("en-GB_Multimedia", "en-GB", 16000, false, true,
          "UK English multimedia model for broadband audio (16kHz or more)."),
      new Model("de-DE_Multimedia", "de-DE", 16000, false, true,
          "German multimedia model for broadband audio (16kHz or more)."),
      new Model("fr-FR_Multimedia", "fr-FR", 16000, false, true,
          "French multimedia model for broadband audio (16kHz or more)."),
      new Model("es-ES_Multimedia", "es-ES", 16000, false, true,
          "Castilian Spanish multimedia model for broadband audio (16kHz or more)."),
      new Model("ja-JP_Multimedia", "ja-JP", 16000, false, true,
          "Japanese multimedia model for broadband audio (16kHz or more)."));
  private static final int MAX_CACHED_HOSTS = 64;

  private final Map<String, Model> byName =
      MODELS.stream().collect(Collectors.toUnmodifiableMap(Model::name, Function.identity()));
  private final ConcurrentHashMap<String, Buffer> listByHost = new ConcurrentHashMap<>();
  private final String basePath;

  ModelCatalog(String basePath) {
    this.basePath = basePath;
  }

  void mount(Router router, String base) {
    router.get(base + "/v1/models").handler(this::list);
    router.get(base + "/v1/models/:id").handler(this::one);
  }

  boolean contains(String name) {
    return byName.containsKey(name);
  }

  Optional<Model> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  private void list(RoutingContext ctx) {
    String host = String.valueOf(ctx.request().getHeader("Host"));
    Buffer body = listByHost.get(host);
    if (body == null) {
      body = new JsonObject().put("models", listJson(host)).toBuffer();
      if (listByHost.size() < MAX_CACHED_HOSTS) {
        listByHost.put(host, body);
      }
    }
    Replies.json(ctx.response(), 200, body);
  }

  private void one(RoutingContext ctx) {
    Model model = byName.get(ctx.pathParam("id"));
    if (model == null) {
      ctx.fail(ApiException.notFound("Model " + ctx.pathParam("id") + " not found"));
    } else {
      Replies.json(ctx.response(), 200, json(model, String.valueOf(ctx.request().getHeader("Host"))));
    }
  }

  private JsonArray listJson(String host) {
    JsonArray models = new JsonArray();
    MODELS.forEach(model -> models.add(json(model, host)));
    return models;
  }

  private JsonObject json(Model model, String host) {
    JsonObject features = new JsonObject()
        .put("custom_language_model", true)
        .put("custom_acoustic_model", model.customAcoustic())
        .put("speaker_labels", true)
        .put("low_latency", model.lowLatency());
    return new JsonObject()
        .put("name", model.name())
        .put("language", model.language())
        .put("rate", model.rate())
        .put("url", "http://" + host + basePath + "/v1/models/" + model.name())
        .put("supported_features", features)
        .put("description", model.description());
  }
}
