package com.sttgateway.simulator;

import io.vertx.core.Vertx;
import java.util.logging.Logger;

/**
 * Ends the asynchronous steps of custom models on Vert.x timers: resource analysis, word processing, training
 * and upgrades. Timers run on event loops; a model deleted, reset or wiped meanwhile is left alone.
 */
final class ModelLifecycle {

  private static final Logger LOG = Logger.getLogger(ModelLifecycle.class.getName());

  private final Vertx vertx;
  private final CustomModels models;
  private final SimulatorCounters counters;
  private final long processingMs;
  private final long trainingMs;

  ModelLifecycle(Vertx vertx, CustomModels models, SimulatorCounters counters, CustomizationOptions options) {
    this.vertx = vertx;
    this.models = models;
    this.counters = counters;
    this.processingMs = options.resourceProcessing().toMillis();
    this.trainingMs = options.training().toMillis();
  }

  /** The analysis of {@code resource} (as received) ends; a resource replaced meanwhile is not touched. */
  void analyze(String id, ResourceType type, ModelResource resource) {
    after(processingMs, () -> models.updateIfPresent(id, model -> {
      ModelResource now = model.content().resources(type).get(resource.name());
      return now != resource ? model : model.withContent(
          content -> content.with(type, resource.analyzed(type == ResourceType.AUDIO)), CustomModels.now());
    }));
  }

  void wordsAdded(String id) {
    after(processingMs, () -> models.updateIfPresent(id, model -> model.withContent(
        content -> content.withWords(content.words(), false), CustomModels.now())));
  }

  /** Training ends "available" with the fingerprint, or "failed" when a corpus carries the SIMFAIL marker. */
  void train(CustomModel started, Training training) {
    counters.trainingStarted();
    String content = started.contentFingerprint();
    String fingerprint = ModelFingerprint.trained(started.kind(), started.info().baseModel(), started.content(),
        training);
    boolean fails = started.content().corpora().values().stream().anyMatch(ModelResource::failMarker);
    after(trainingMs, () -> models.updateIfPresent(started.id(), model -> {
      if (model.status() != ModelStatus.TRAINING) {
        return model;
      }
      counters.trainingFinished(fails);
      LOG.info(() -> "simulator: " + model.kind().label() + " " + model.id() + (fails ? " failed" : " available"));
      return model.trainedAs(new Training.Trained(training, content, fingerprint),
          fails ? "Training failed: a corpus could not be used (simulated with SIMFAIL)" : null, CustomModels.now());
    }));
  }

  /** An upgrade keeps the content and the fingerprint; the model returns to the status it had. */
  void upgrade(String id, ModelStatus back) {
    after(trainingMs, () -> models.updateIfPresent(id, model -> model.status() == ModelStatus.UPGRADING
        ? model.withStatus(back, CustomModels.now()) : model));
  }

  private void after(long delayMs, Runnable step) {
    vertx.setTimer(Math.max(1, delayMs), timer -> step.run());
  }
}
