package com.sttgateway.models;

import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.Serially;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The vault's entries: one object per model in the store (the source of truth, written before any acknowledgement)
 * and the cluster's index of them ({@link ModelIndex}), filled from the store at start. The one way to change an entry
 * is {@link #change}: serialized per model across the cluster, durable write first, index after. Thread-safe.
 */
public final class ModelVault {

  private static final Logger LOG = Logger.getLogger(ModelVault.class.getName());

  private final ObjectStore store;
  private final ModelIndex index;
  private final Serially serially = new Serially();

  ModelVault(ObjectStore store, ModelIndex index) {
    this.store = store;
    this.index = index;
  }

  /** Reads every entry from the store into the index (where the cluster lacks it); how many the index holds. */
  Future<Integer> load() {
    return store.list(ModelObjects.PREFIX).compose(keys -> {
      List<Future<ModelEntry>> reads = new ArrayList<>();
      keys.stream().filter(ModelObjects::isEntry).forEach(key -> reads.add(store.getJson(key)
          .map(json -> json == null ? null : ModelEntry.fromJson(json))));
      return Future.all(reads).map(all -> all.<ModelEntry>list().stream().filter(e -> e != null).toList());
    }).compose(index::load).map(v -> index.all().size())
        .onSuccess(n -> LOG.info("model vault: " + n + " models"));
  }

  public ObjectStore store() {
    return store;
  }

  ModelIndex index() {
    return index;
  }

  /** The entry of client id {@code id}; null when the vault has none. */
  public ModelEntry get(String id) {
    return id == null ? null : index.get(id);
  }

  /** The entry whose current upstream id is {@code upstreamId}; null when none. */
  public ModelEntry byUpstreamId(String upstreamId) {
    return index.all().stream().filter(e -> upstreamId.equals(e.upstreamId()) && e.state() != ModelState.DELETED)
        .findFirst().orElse(null);
  }

  public List<ModelEntry> all() {
    return List.copyOf(index.all());
  }

  /** Writes a new entry (replacing any tombstone of the same id). */
  public Future<ModelEntry> create(ModelEntry entry) {
    return serially.run(entry.id(), () -> index.locked(entry.id(), () -> write(entry)));
  }

  /**
   * Applies {@code change} to the current entry (the same entry back: nothing written); the new entry is durable
   * before the index shows it. The current entry is the cluster's (the store's if the index lacks it). Completes with
   * the entry after; null when the vault has no such model.
   */
  public Future<ModelEntry> change(String id, UnaryOperator<ModelEntry> change) {
    return serially.run(id, () -> index.locked(id, () -> index.current(id)
        .compose(now -> now != null ? Future.succeededFuture(now) : store.getJson(ModelObjects.entry(id))
            .map(json -> json == null ? null : ModelEntry.fromJson(json)))
        .compose(now -> {
          if (now == null) {
            return Future.succeededFuture(null);
          }
          ModelEntry next = change.apply(now);
          return next == now ? Future.succeededFuture(now) : write(next);
        })));
  }

  private Future<ModelEntry> write(ModelEntry entry) {
    return store.putJson(ModelObjects.entry(entry.id()), entry.toJson()).compose(v -> index.put(entry));
  }
}
