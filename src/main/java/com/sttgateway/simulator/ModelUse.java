package com.sttgateway.simulator;

import io.vertx.core.MultiMap;

/**
 * The custom models a recognition runs with, as fingerprints of their trained content; immutable. Resolved once,
 * when the request arrives, from {@code language_customization_id} (or the deprecated {@code customization_id}),
 * {@code acoustic_customization_id} and {@code customization_weight}.
 *
 * @param language fingerprint of the custom language model, or null
 * @param acoustic fingerprint of the custom acoustic model, or null
 */
record ModelUse(String language, String acoustic) {

  static final ModelUse NONE = new ModelUse(null, null);

  /** The transcript of a recognition: {@code sha256:<audio>} then {@code |lm:<fp>} and {@code |am:<fp>} if used. */
  String transcript(String audioSha256) {
    return "sha256:" + audioSha256 + (language == null ? "" : "|lm:" + language)
        + (acoustic == null ? "" : "|am:" + acoustic);
  }

  // UNCONFIRMED upstream behaviour: chose 400 for an unknown custom model id, one not "available", one of another
  // base model, and for both customization_id and language_customization_id with different values.
  static ModelUse resolve(CustomModels models, String owner, String baseModel, MultiMap params) {
    String language = params.get("language_customization_id");
    String deprecated = params.get("customization_id");
    if (language != null && deprecated != null && !language.equals(deprecated)) {
      throw ApiException.badRequest("Specify only one of 'language_customization_id' and the deprecated"
          + " 'customization_id'");
    }
    String languageId = language != null ? language : deprecated;
    checkWeight(params.get("customization_weight"));
    return new ModelUse(fingerprint(models, owner, ModelKind.LANGUAGE, languageId, baseModel),
        fingerprint(models, owner, ModelKind.ACOUSTIC, params.get("acoustic_customization_id"), baseModel));
  }

  private static void checkWeight(String weight) {
    if (weight == null) {
      return;
    }
    try {
      double value = Double.parseDouble(weight.trim());
      if (value >= 0 && value <= 1) {
        return;
      }
    } catch (NumberFormatException e) {
      // same message as out of range
    }
    throw ApiException.badRequest("Invalid value '" + weight + "' for query parameter 'customization_weight'"
        + " (expected: a number from 0.0 to 1.0)");
  }

  /** Resolves the models of one request for the configured instance. */
  @FunctionalInterface
  interface Resolver {
    ModelUse resolve(String baseModel, MultiMap params);
  }

  private static String fingerprint(CustomModels models, String owner, ModelKind kind, String id, String baseModel) {
    if (id == null) {
      return null;
    }
    CustomModel model = models.find(owner, kind, id).orElseThrow(() -> ApiException.badRequest(
        "Invalid " + kind.label() + " id '" + id + "': not found for this service instance"));
    if (model.status() != ModelStatus.AVAILABLE) {
      throw ApiException.badRequest("The " + kind.label() + " " + id + " is " + model.status().wire()
          + "; it must be available to be used");
    }
    if (!model.info().baseModel().equals(baseModel)) {
      throw ApiException.badRequest("The " + kind.label() + " " + id + " is based on " + model.info().baseModel()
          + ", which does not match the requested model " + baseModel);
    }
    return model.trained().fingerprint();
  }
}
