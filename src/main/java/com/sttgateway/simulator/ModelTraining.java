package com.sttgateway.simulator;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * POST .../train and .../upgrade_model of both kinds: the checks the service makes before it starts (409 while
 * busy, 400 without data or with bad parameters), then the state change; the end comes from {@link ModelLifecycle}.
 * Event loop only.
 */
record ModelTraining(CustomModels models, ModelLifecycle lifecycle, InstancePaths instances,
    CustomizationOptions options) {

  /** 409 while the model trains, upgrades, or processes a resource or word list. */
  static void refuseIfBusy(CustomModel model) {
    if (model.busy()) {
      throw new ApiException(409, "The " + model.kind().label() + " " + model.id() + " is busy (" + (model.status()
          .busy() ? model.status().wire() : "a resource is being processed") + "); try again when it is done");
    }
  }

  void train(RoutingContext ctx, ModelKind kind) {
    HttpServerRequest request = ctx.request();
    String owner = instances.owner(ctx);
    String id = ctx.pathParam("id");
    boolean force = ModelParams.bool(request, "force", false);
    Training training = kind == ModelKind.LANGUAGE
        ? new Training(ModelParams.oneOf(request, "word_type_to_add", "all", "all", "user"),
            ModelParams.weight(request), ModelParams.bool(request, "strict", true), null)
        : new Training(null, null, ModelParams.bool(request, "strict", true), languageModel(request, owner, id));
    JsonArray warnings = new JsonArray();
    CustomModel started = models.update(owner, kind, id, (model, now) -> {
      refuseIfBusy(model);
      checkTrainable(model, training, force, warnings);
      return model.withStatus(ModelStatus.TRAINING, now);
    });
    lifecycle.train(started, training);
    JsonObject body = warnings.isEmpty() ? new JsonObject() : new JsonObject().put("warnings", warnings);
    Replies.json(ctx.response(), 200, body);
  }

  // UNCONFIRMED upstream behaviour: chose to upgrade only "available" models (400 otherwise) and to keep the
  // fingerprint, since the simulator has a single version of each base model.
  void upgrade(RoutingContext ctx, ModelKind kind) {
    String owner = instances.owner(ctx);
    String id = ctx.pathParam("id");
    if (kind == ModelKind.ACOUSTIC) {
      languageModel(ctx.request(), owner, id);
      ModelParams.bool(ctx.request(), "force", false);
    }
    models.update(owner, kind, id, (model, now) -> {
      refuseIfBusy(model);
      if (model.status() != ModelStatus.AVAILABLE) {
        throw ApiException.badRequest("The " + kind.label() + " " + id + " is " + model.status().wire()
            + "; only an available model can be upgraded");
      }
      return model.withStatus(ModelStatus.UPGRADING, now);
    });
    lifecycle.upgrade(id, ModelStatus.AVAILABLE);
    Replies.json(ctx.response(), 200, new JsonObject());
  }

  private void checkTrainable(CustomModel model, Training training, boolean force, JsonArray warnings) {
    if (!model.content().hasData()) {
      throw ApiException.badRequest("No input data available for training the " + model.kind().label()
          + " " + model.id());
    }
    if (model.kind() == ModelKind.ACOUSTIC) {
      checkAudio(model, training.strict(), warnings);
    }
    Training.Trained last = model.trained();
    if (!force && last != null && model.status() != ModelStatus.FAILED
        && last.contentFingerprint().equals(model.contentFingerprint())) {
      throw ApiException.badRequest("No input data modified since last training; use force=true to train again");
    }
  }

  /** At least minTrainingAudio and at most maxModelAudio of valid audio; invalid audio stops a strict training. */
  private void checkAudio(CustomModel model, boolean strict, JsonArray warnings) {
    long invalid = model.content().audio().values().stream()
        .filter(audio -> audio.status() == ResourceStatus.INVALID).count();
    if (invalid > 0 && strict) {
      throw ApiException.badRequest(invalid + " audio resource(s) of " + model.id() + " are invalid; delete them"
          + " or train with strict=false");
    }
    if (invalid > 0) {
      warnings.add(new JsonObject().put("code", "invalid_audio_files")
          .put("message", invalid + " invalid audio resource(s) were left out of training"));
    }
    long seconds = model.content().audio().values().stream()
        .filter(audio -> audio.status() == ResourceStatus.OK).mapToLong(ModelResource::durationSeconds).sum();
    if (seconds < options.minTrainingAudio().toSeconds()) {
      throw ApiException.badRequest("The " + model.kind().label() + " has " + seconds + " s of valid audio; at least "
          + options.minTrainingAudio().toSeconds() + " s are needed to train it");
    }
    if (seconds > options.maxModelAudio().toSeconds()) {
      throw ApiException.badRequest("The " + model.kind().label() + " has " + seconds + " s of audio; at most "
          + options.maxModelAudio().toSeconds() + " s can be trained");
    }
  }

  /**
   * custom_language_model_id of an acoustic training or upgrade: an available language model of this instance with
   * the acoustic model's base model. Its fingerprint (not its id) is what the acoustic model is trained with.
   */
  // UNCONFIRMED upstream behaviour: chose 400 (not 404) for an unknown custom_language_model_id: it is a bad parameter.
  private String languageModel(HttpServerRequest request, String owner, String acousticId) {
    String lmId = request.getParam("custom_language_model_id");
    if (lmId == null) {
      return null;
    }
    CustomModel acoustic = models.get(owner, ModelKind.ACOUSTIC, acousticId);
    CustomModel language = models.find(owner, ModelKind.LANGUAGE, lmId).orElseThrow(() -> ApiException.badRequest(
        "Invalid value for 'custom_language_model_id': no custom language model '" + lmId + "'"));
    if (language.status() != ModelStatus.AVAILABLE) {
      throw ApiException.badRequest("The custom language model " + lmId + " is " + language.status().wire()
          + "; it must be available");
    }
    if (!language.info().baseModel().equals(acoustic.info().baseModel())) {
      throw ApiException.badRequest("The custom language model " + lmId + " is based on "
          + language.info().baseModel() + ", not " + acoustic.info().baseModel());
    }
    return language.trained().fingerprint();
  }
}
