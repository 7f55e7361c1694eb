package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * POST .../corpora/{name}, .../grammars/{name} and .../audio/{name}. The resource is reserved (status
 * "being_processed") before its body is read, so a concurrent request sees the model busy; the body is streamed
 * through a digest; then the resource is stored and analysed on a timer. Event loop only.
 */
record ResourceUpload(CustomModels models, ModelLifecycle lifecycle, InstancePaths instances,
    CustomizationOptions options) {

  void add(RoutingContext ctx, ResourceType type) {
    HttpServerRequest request = ctx.request();
    String owner = instances.owner(ctx);
    String id = ctx.pathParam("id");
    String name = ctx.pathParam("name");
    ModelKind kind = type == ResourceType.AUDIO ? ModelKind.ACOUSTIC : ModelKind.LANGUAGE;
    ModelResource placeholder = ModelResource.receiving(name, contentType(request, type),
        type == ResourceType.AUDIO ? containedType(request) : null);
    boolean overwrite = ModelParams.bool(request, "allow_overwrite", false);
    ModelResource[] previous = new ModelResource[1];
    models.update(owner, kind, id, (model, now) -> {
      previous[0] = reserve(model, type, placeholder, overwrite);
      return model.withContent(content -> content.with(type, placeholder), now);
    });
    read(request, type)
        .map(upload -> commit(owner, kind, id, type, placeholder, upload))
        .onSuccess(resource -> lifecycle.analyze(id, type, resource))
        .compose(resource -> Replies.json(ctx.response(), 201, new JsonObject()))
        .onFailure(error -> {
          models.updateIfPresent(id, model -> release(model, type, placeholder, previous[0]));
          ctx.fail(error);
        });
  }

  /** Checks that the resource may be added now; answers the one it replaces, or null. */
  // UNCONFIRMED upstream behaviour: chose 400 for an existing name without allow_overwrite ("the request fails").
  private static ModelResource reserve(CustomModel model, ResourceType type, ModelResource resource,
      boolean overwrite) {
    // Several audio resources may be added at once (SDK javadoc of addAudio); a language model takes one at a time.
    if (model.status().busy() || (type != ResourceType.AUDIO && model.content().processing())) {
      ModelTraining.refuseIfBusy(model);
    }
    ModelResource existing = model.content().resources(type).get(resource.name());
    if (existing != null && existing.processing()) {
      throw new ApiException(409, "The " + type.label() + " '" + resource.name() + "' is being processed");
    }
    if (existing != null && !overwrite) {
      throw ApiException.badRequest("The " + type.label() + " '" + resource.name() + "' already exists; set"
          + " allow_overwrite=true to replace it");
    }
    if (type == ResourceType.CORPUS && resource.name().equalsIgnoreCase("user")) {
      throw ApiException.badRequest("The corpus name 'user' is reserved by the service");
    }
    return existing;
  }

  private Future<ModelResource.Upload> read(HttpServerRequest request, ResourceType type) {
    return switch (type) {
      case CORPUS -> UploadIntake.multipart(request)
          ? UploadIntake.part(request, "corpus_file", Long.MAX_VALUE / 4, WordScanner.corpus())
          : UploadIntake.raw(request, Long.MAX_VALUE, WordScanner.corpus());
      case GRAMMAR -> UploadIntake.raw(request, Long.MAX_VALUE, WordScanner.grammar());
      case AUDIO -> UploadIntake.raw(request, options.maxAudioBytes(), null);
    };
  }

  /** Stores what was received unless the resource was deleted or replaced meanwhile; checks the model's limits. */
  private ModelResource commit(String owner, ModelKind kind, String id, ResourceType type,
      ModelResource placeholder, ModelResource.Upload upload) {
    ModelResource received = placeholder.received(upload);
    models.update(owner, kind, id, (model, now) -> {
      if (model.content().resources(type).get(placeholder.name()) != placeholder) {
        throw new ApiException(409, "The " + type.label() + " '" + placeholder.name() + "' was deleted or replaced"
            + " while it was being received");
      }
      ModelContent next = model.content().with(type, received);
      checkLimits(type, next, received);
      return model.withContent(content -> next, now);
    });
    return received;
  }

  private void checkLimits(ResourceType type, ModelContent next, ModelResource received) {
    if (type == ResourceType.AUDIO) {
      long seconds = next.audio().values().stream().filter(audio -> audio.status() != ResourceStatus.INVALID)
          .mapToLong(ModelResource::durationSeconds).sum();
      if (seconds > options.maxModelAudio().toSeconds()) {
        throw ApiException.badRequest("The custom acoustic model would hold " + seconds + " s of audio; at most "
            + options.maxModelAudio().toSeconds() + " s are allowed");
      }
      return;
    }
    java.util.Set<String> oov = new java.util.HashSet<>(WordsView.of(next).keySet());
    oov.addAll(received.oovWords().keySet());
    if (oov.size() > options.maxOovWords()) {
      throw ApiException.badRequest("The custom language model would hold more than " + options.maxOovWords()
          + " out-of-vocabulary words");
    }
  }

  private static CustomModel release(CustomModel model, ResourceType type, ModelResource placeholder,
      ModelResource previous) {
    if (model.content().resources(type).get(placeholder.name()) != placeholder) {
      return model;
    }
    return model.withContent(content -> previous == null ? content.without(type, placeholder.name())
        : content.with(type, previous), CustomModels.now());
  }

  // UNCONFIRMED upstream behaviour: chose 415 for a grammar or audio body of another media type.
  private static String contentType(HttpServerRequest request, ResourceType type) {
    String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String given = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case CORPUS:
        return "text/plain"; // raw (Java SDK) or multipart (Node SDK): the corpus itself is always plain text
      case GRAMMAR:
        if (given.startsWith("application/srgs")) {
          return given;
        }
        throw new ApiException(415, "Unsupported grammar type '" + header
            + "' (expected: application/srgs or application/srgs+xml)");
      default:
        if (given.startsWith("audio/") || given.startsWith("application/zip")
            || given.startsWith("application/gzip")) {
          return given;
        }
        throw new ApiException(415, "Unsupported audio type '" + header
            + "' (expected: an audio/... type, application/zip or application/gzip)");
    }
  }

  private static String containedType(HttpServerRequest request) {
    String contained = request.getHeader("Contained-Content-Type");
    return contained == null ? null : contained.trim().toLowerCase(Locale.ROOT);
  }
}
