package com.sttgateway.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Every custom model in memory, by id; each belongs to one owner (service instance). Thread-safe: event loops
 * change models atomically with {@link #update}, wipe() may come from any thread. An {@link ApiException} thrown
 * by a change leaves the model as it was.
 */
final class CustomModels {

  private final ConcurrentHashMap<String, CustomModel> byId = new ConcurrentHashMap<>();
  private final int maxModels;

  CustomModels(int maxModels) {
    this.maxModels = maxModels;
  }

  /** Stores a new "pending" model under a fresh GUID; 400 past the per-instance limit of its kind. */
  synchronized CustomModel create(String owner, ModelKind kind, CustomModel.Info info) {
    if (list(owner, kind).size() >= maxModels) {
      throw ApiException.badRequest("The maximum number of " + maxModels + " " + kind.label()
          + "s for this service instance has been reached");
    }
    Instant now = now();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String id = new UUID(random.nextLong(), random.nextLong()).toString();
    CustomModel model = new CustomModel(id, owner, kind, info, now, now, ModelStatus.PENDING, ModelContent.EMPTY,
        null, null);
    byId.put(id, model);
    return model;
  }

  Optional<CustomModel> find(String owner, ModelKind kind, String id) {
    CustomModel model = id == null ? null : byId.get(id);
    return model != null && model.owner().equals(owner) && model.kind() == kind ? Optional.of(model)
        : Optional.empty();
  }

  /** The model, or 404 in the error shape. */
  CustomModel get(String owner, ModelKind kind, String id) {
    return find(owner, kind, id).orElseThrow(() -> unknown(kind, id));
  }

  /** Applies {@code change} atomically and answers the stored result; 404 for an unknown model. */
  CustomModel update(String owner, ModelKind kind, String id, ModelChange change) {
    get(owner, kind, id);
    CustomModel changed = byId.computeIfPresent(id, (key, model) -> change.apply(model, now()));
    if (changed == null) {
      throw unknown(kind, id);
    }
    return changed;
  }

  /** Like update, for timers: a model deleted or wiped meanwhile is simply not found. */
  void updateIfPresent(String id, UnaryOperator<CustomModel> change) {
    byId.computeIfPresent(id, (key, model) -> change.apply(model));
  }

  /** Removes the model unless {@code refuse} throws for it. */
  void remove(String owner, ModelKind kind, String id, Consumer<CustomModel> refuse) {
    get(owner, kind, id);
    byId.computeIfPresent(id, (key, model) -> {
      refuse.accept(model);
      return null;
    });
  }

  /** The owner's models of one kind, oldest first. */
  List<CustomModel> list(String owner, ModelKind kind) {
    return byId.values().stream()
        .filter(model -> model.owner().equals(owner) && model.kind() == kind)
        .sorted(Comparator.comparing(CustomModel::created).thenComparing(CustomModel::id))
        .toList();
  }

  /** Counts by "language:available" style keys, for the stats endpoint. */
  Map<String, Long> countsByStatus() {
    Map<String, Long> counts = new TreeMap<>();
    byId.values().forEach(model -> counts.merge(
        model.kind().name().toLowerCase(Locale.ROOT) + ":" + model.status().wire(), 1L, Long::sum));
    return counts;
  }

  int size() {
    return byId.size();
  }

  void clear() {
    byId.clear();
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static ApiException unknown(ModelKind kind, String id) {
    return ApiException.notFound("Invalid customization_id '" + id + "': no " + kind.label() + " with that id"
        + " is owned by this service instance");
  }

  /** A change of one model at one instant; may throw ApiException to refuse. */
  @FunctionalInterface
  interface ModelChange {
    CustomModel apply(CustomModel model, Instant now);
  }
}
