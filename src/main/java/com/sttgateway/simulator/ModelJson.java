package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The service's JSON views of custom models and their corpora, grammars and audio (field names of the SDK's
 * LanguageModel, AcousticModel, Corpus, Grammar, AudioResource and AudioListing); stateless.
 */
final class ModelJson {

  private ModelJson() {
  }

  static JsonObject model(CustomModel model) {
    CustomModel.Info info = model.info();
    JsonObject body = new JsonObject()
        .put("customization_id", model.id())
        .put("created", JobJson.timestamp(model.created()))
        .put("updated", JobJson.timestamp(model.updated()))
        .put("language", info.language());
    if (model.kind() == ModelKind.LANGUAGE) {
      body.put("dialect", info.dialect());
    }
    body.put("versions", new JsonArray().add(info.baseModel() + ".v2024-01-01"))
        .put("owner", owner(model.owner()))
        .put("name", info.name())
        .put("description", info.description() == null ? "" : info.description())
        .put("base_model_name", info.baseModel())
        .put("status", model.status().wire())
        .put("progress", model.status() == ModelStatus.AVAILABLE ? 100 : 0);
    return model.error() == null ? body : body.put("error", model.error());
  }

  static JsonObject corpus(ModelResource corpus) {
    return new JsonObject()
        .put("name", corpus.name())
        .put("total_words", corpus.words().totalWords())
        .put("out_of_vocabulary_words", corpus.oovWords().size())
        .put("status", corpus.status().wire());
  }

  static JsonObject grammar(ModelResource grammar) {
    return new JsonObject()
        .put("name", grammar.name())
        .put("out_of_vocabulary_words", grammar.oovWords().size())
        .put("status", grammar.status().wire());
  }

  /**
   * GET .../audio/{name}: a single file is an AudioResource; an archive is a container with the files it holds.
   * Archives are not unpacked here (a simplification), so their "audio" list is empty.
   */
  static JsonObject audioListing(ModelResource audio) {
    if (!audio.archive()) {
      return audioResource(audio);
    }
    return new JsonObject().put("name", audio.name()).put("container", audioResource(audio))
        .put("audio", new JsonArray());
  }

  /** An item of GET .../audio: duration in whole seconds, details by content type. */
  static JsonObject audioResource(ModelResource audio) {
    JsonObject details = new JsonObject();
    if (audio.processing()) {
      details.put("type", "undetermined");
    } else if (audio.archive()) {
      details.put("type", "archive").put("compression", audio.contentType().startsWith("application/zip")
          ? "zip" : "gzip");
    } else {
      details.put("type", "audio").put("codec", codec(audio.contentType())).put("frequency", 16000);
    }
    return new JsonObject()
        .put("duration", audio.durationSeconds())
        .put("name", audio.name())
        .put("details", details)
        .put("status", audio.status().wire());
  }

  /** The instance id when the owner is an /instances/{id} base path, otherwise a fixed stand-in. */
  private static String owner(String ownerPath) {
    int slash = ownerPath.lastIndexOf('/');
    return slash < 0 || slash == ownerPath.length() - 1 ? "simulator" : ownerPath.substring(slash + 1);
  }

  private static String codec(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    int slash = type.indexOf('/');
    int semicolon = type.indexOf(';');
    return slash < 0 ? "unknown" : type.substring(slash + 1, semicolon < 0 ? type.length() : semicolon).trim();
  }
}
