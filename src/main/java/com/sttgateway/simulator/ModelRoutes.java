package com.sttgateway.simulator;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /v1/customizations and /v1/acoustic_customizations: create, list, get, delete, train, reset and upgrade_model
 * of custom models, for the instance named by the base path; event loop only.
 */
record ModelRoutes(CustomModels models, ModelCatalog catalog, ModelTraining training, InstancePaths instances) {

  void mount(Router router) {
    for (ModelKind kind : ModelKind.values()) {
      String root = instances.mountBase() + "/v1/" + kind.path();
      router.post(root).handler(ctx -> create(ctx, kind));
      router.get(root).handler(ctx -> list(ctx, kind));
      router.get(root + "/:id").handler(ctx -> get(ctx, kind));
      router.delete(root + "/:id").handler(ctx -> delete(ctx, kind));
      router.post(root + "/:id/train").handler(ctx -> training.train(ctx, kind));
      router.post(root + "/:id/reset").handler(ctx -> reset(ctx, kind));
      router.post(root + "/:id/upgrade_model").handler(ctx -> training.upgrade(ctx, kind));
    }
  }

  private void create(RoutingContext ctx, ModelKind kind) {
    String owner = instances.owner(ctx);
    ModelParams.json(ctx.request())
        .map(body -> models.create(owner, kind, info(body, kind)))
        .compose(model -> Replies.json(ctx.response(), 201, ModelJson.model(model)))
        .onFailure(ctx::fail);
  }

  private CustomModel.Info info(JsonObject body, ModelKind kind) {
    String name = ModelParams.requiredString(body, "name");
    String base = ModelParams.requiredString(body, "base_model_name");
    ModelCatalog.Model model = catalog.find(base).orElseThrow(() -> ApiException.badRequest(
        "Invalid value for 'base_model_name': '" + base + "' is not a known model"));
    // Acoustic customization is only for previous-generation models (SDK javadoc of createAcousticModel).
    if (kind == ModelKind.ACOUSTIC && !model.customAcoustic()) {
      throw ApiException.badRequest("The base model '" + base + "' does not support acoustic customization");
    }
    String dialect = kind == ModelKind.LANGUAGE ? ModelParams.optionalString(body, "dialect") : null;
    return new CustomModel.Info(name, base, model.language(),
        kind == ModelKind.LANGUAGE && dialect == null ? model.language() : dialect,
        ModelParams.optionalString(body, "description"));
  }

  private void list(RoutingContext ctx, ModelKind kind) {
    String language = ctx.request().getParam("language");
    JsonArray items = new JsonArray();
    models.list(instances.owner(ctx), kind).stream()
        .filter(model -> language == null || model.info().language().equals(language))
        .forEach(model -> items.add(ModelJson.model(model)));
    Replies.json(ctx.response(), 200, new JsonObject().put("customizations", items));
  }

  private void get(RoutingContext ctx, ModelKind kind) {
    CustomModel model = models.get(instances.owner(ctx), kind, ctx.pathParam("id"));
    Replies.json(ctx.response(), 200, ModelJson.model(model));
  }

  private void delete(RoutingContext ctx, ModelKind kind) {
    models.remove(instances.owner(ctx), kind, ctx.pathParam("id"), ModelTraining::refuseIfBusy);
    Replies.json(ctx.response(), 200, new JsonObject());
  }

  /** Removes every resource and word; the model is "pending" again, as when it was created. */
  private void reset(RoutingContext ctx, ModelKind kind) {
    HttpServerRequest request = ctx.request();
    models.update(instances.owner(ctx), kind, ctx.pathParam("id"), (model, now) -> {
      ModelTraining.refuseIfBusy(model);
      return model.reset(now);
    });
    Replies.json(request.response(), 200, new JsonObject());
  }
}
