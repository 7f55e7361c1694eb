package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Corpora and grammars of language models, audio resources of acoustic models: add (see {@link ResourceUpload}),
 * list, get and delete. Event loop only.
 */
record ResourceRoutes(CustomModels models, ResourceUpload upload, InstancePaths instances) {

  void mount(Router router) {
    for (ResourceType type : ResourceType.values()) {
      ModelKind kind = type == ResourceType.AUDIO ? ModelKind.ACOUSTIC : ModelKind.LANGUAGE;
      String root = instances.mountBase() + "/v1/" + kind.path() + "/:id/" + type.path();
      router.get(root).handler(ctx -> list(ctx, kind, type));
      router.post(root + "/:name").handler(ctx -> upload.add(ctx, type));
      router.get(root + "/:name").handler(ctx -> get(ctx, kind, type));
      router.delete(root + "/:name").handler(ctx -> delete(ctx, kind, type));
    }
  }

  private void list(RoutingContext ctx, ModelKind kind, ResourceType type) {
    CustomModel model = models.get(instances.owner(ctx), kind, ctx.pathParam("id"));
    JsonArray items = new JsonArray();
    model.content().resources(type).values().forEach(resource -> items.add(json(type, resource)));
    JsonObject body = new JsonObject();
    if (type == ResourceType.AUDIO) {
      long seconds = model.content().audio().values().stream().filter(audio -> audio.status() == ResourceStatus.OK)
          .mapToLong(ModelResource::durationSeconds).sum();
      body.put("total_minutes_of_audio", seconds / 60.0);
    }
    Replies.json(ctx.response(), 200, body.put(type.path(), items));
  }

  private void get(RoutingContext ctx, ModelKind kind, ResourceType type) {
    ModelResource resource = find(models.get(instances.owner(ctx), kind, ctx.pathParam("id")), type,
        ctx.pathParam("name"));
    Replies.json(ctx.response(), 200, type == ResourceType.AUDIO ? ModelJson.audioListing(resource)
        : json(type, resource));
  }

  /** 409 while the model trains or upgrades, or while this resource is still being processed. */
  private void delete(RoutingContext ctx, ModelKind kind, ResourceType type) {
    String name = ctx.pathParam("name");
    models.update(instances.owner(ctx), kind, ctx.pathParam("id"), (model, now) -> {
      ModelResource resource = find(model, type, name);
      if (model.status().busy() || resource.processing()) {
        ModelTraining.refuseIfBusy(model);
      }
      return model.withContent(content -> content.without(type, name), now);
    });
    Replies.json(ctx.response(), 200, new JsonObject());
  }

  private static ModelResource find(CustomModel model, ResourceType type, String name) {
    ModelResource resource = model.content().resources(type).get(name);
    if (resource == null) {
      throw ApiException.notFound("No " + type.label() + " '" + name + "' in " + model.kind().label() + " "
          + model.id());
    }
    return resource;
  }

  private static JsonObject json(ResourceType type, ModelResource resource) {
    return switch (type) {
      case CORPUS -> ModelJson.corpus(resource);
      case GRAMMAR -> ModelJson.grammar(resource);
      case AUDIO -> ModelJson.audioResource(resource);
    };
  }
}
