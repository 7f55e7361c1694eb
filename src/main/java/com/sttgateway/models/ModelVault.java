package com.sttgateway.models;

import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.Serially;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The vault's entries: one object per model in the store (the source of truth, written before any acknowledgement)
 * and an in-memory index loaded at start. The one way to change an entry is {@link #change}: serialized per model,
 * durable write first, index after. Thread-safe.
 */
public final class ModelVault {

  private static final Logger LOG = Logger.getLogger(ModelVault.class.getName());

  private final ObjectStore store;
  private final Serially serially = new Serially();
  private final Map<String, ModelEntry> entries = new ConcurrentHashMap<>();

  public ModelVault(ObjectStore store) {
    this.store = store;
  }

  /** Reads every entry from the store; how many. */
  public Future<Integer> load() {
    return store.list(ModelObjects.PREFIX).compose(keys -> {
      List<Future<Void>> reads = new ArrayList<>();
      keys.stream().filter(ModelObjects::isEntry).forEach(key -> reads.add(store.getJson(key).map(json -> {
        if (json != null) {
          ModelEntry entry = ModelEntry.fromJson(json);
          entries.put(entry.id(), entry);
        }
        return null;
      })));
      return Future.all(reads).map(v -> entries.size());
    }).onSuccess(n -> LOG.info("model vault: " + n + " models"));
  }

  public ObjectStore store() {
    return store;
  }

  /** The entry of client id {@code id}; null when the vault has none. */
  public ModelEntry get(String id) {
    return id == null ? null : entries.get(id);
  }

  /** The entry whose current upstream id is {@code upstreamId}; null when none. */
  public ModelEntry byUpstreamId(String upstreamId) {
    return entries.values().stream().filter(e -> upstreamId.equals(e.upstreamId()) && e.state() != ModelState.DELETED)
        .findFirst().orElse(null);
  }

  public List<ModelEntry> all() {
    return List.copyOf(entries.values());
  }

  /** Writes a new entry (replacing any tombstone of the same id). */
  public Future<ModelEntry> create(ModelEntry entry) {
    return serially.run(entry.id(), () -> write(entry));
  }

  /**
   * Applies {@code change} to the current entry (the same entry back: nothing written); the new entry is durable
   * before the index shows it. Completes with the entry after; null when the vault has no such model.
   */
  public Future<ModelEntry> change(String id, UnaryOperator<ModelEntry> change) {
    return serially.run(id, () -> {
      ModelEntry now = entries.get(id);
      if (now == null) {
        return Future.succeededFuture(null);
      }
      ModelEntry next = change.apply(now);
      return next == now ? Future.succeededFuture(now) : write(next);
    });
  }

  private Future<ModelEntry> write(ModelEntry entry) {
    return store.putJson(ModelObjects.entry(entry.id()), entry.toJson()).map(v -> {
      entries.put(entry.id(), entry);
      return entry;
    });
  }
}
