package com.sttgateway.simulator;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One custom language or acoustic model as stored; immutable, every change stores a new copy.
 *
 * @param owner   the service instance (base path) it was created under; other instances do not see it
 * @param info    what the client said at creation
 * @param trained the last finished training, or null (reset forgets it)
 * @param error   why the last training failed, or null
 */
record CustomModel(String id, String owner, ModelKind kind, Info info, Instant created, Instant updated,
    ModelStatus status, ModelContent content, Training.Trained trained, String error) {

  /** The creation request: name, base model, its language, dialect (language models) and description. */
  record Info(String name, String baseModel, String language, String dialect, String description) {
  }

  CustomModel withStatus(ModelStatus value, Instant at) {
    return new CustomModel(id, owner, kind, info, created, at, value, content, trained, error);
  }

  /**
   * A change of content: a model that is not training becomes "pending" while something is being processed, then
   * "ready" once it has data (the SDK javadoc of addWords: poll the model until it is "ready").
   */
  CustomModel withContent(UnaryOperator<ModelContent> change, Instant at) {
    ModelContent changed = change.apply(content);
    ModelStatus next = status;
    if (status == ModelStatus.PENDING || status == ModelStatus.AVAILABLE || status == ModelStatus.READY
        || status == ModelStatus.FAILED) {
      next = changed.hasData() && !changed.processing() ? ModelStatus.READY : ModelStatus.PENDING;
    }
    return new CustomModel(id, owner, kind, info, created, at, next, changed, trained, error);
  }

  /** A finished training: available with its fingerprint, or failed with a reason. */
  CustomModel trainedAs(Training.Trained value, String failure, Instant at) {
    ModelStatus next = failure == null ? ModelStatus.AVAILABLE : ModelStatus.FAILED;
    return new CustomModel(id, owner, kind, info, created, at, next, content, failure == null ? value : trained,
        failure);
  }

  /** Back to the state of a new model: no content, never trained. */
  CustomModel reset(Instant at) {
    return new CustomModel(id, owner, kind, info, created, at, ModelStatus.PENDING, ModelContent.EMPTY, null, null);
  }

  /** Training, upgrading, a resource being processed or words being added: the service answers 409. */
  boolean busy() {
    return status.busy() || content.processing();
  }

  String contentFingerprint() {
    return ModelFingerprint.content(kind, info.baseModel(), content);
  }
}
