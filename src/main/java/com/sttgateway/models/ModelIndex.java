package com.sttgateway.models;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.partition.Partition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's index, one for the whole cluster: a Hazelcast map of sealed entries (client id to entry JSON) that every
 * member mirrors in memory through a listener, so reads stay local and synchronous (ids are mapped on every request)
 * while a model changed through one member is seen by all. Changes to one model are serialized cluster-wide by a
 * leased lock; under it the current entry is read from the shared map, never from a mirror that may lag. Entries are
 * sealed with an HMAC under a key derived from the journal key: one a peer without it wrote is ignored (P7). The
 * object store stays the source of truth: at start each member adds what the store holds and the map lacks. Any
 * thread; Hazelcast calls run on workers.
 */
final class ModelIndex {

  private static final Logger LOG = Logger.getLogger(ModelIndex.class.getName());
  static final String MAP = "model-vault";
  static final String LOCKS = "model-vault-locks";
  /** Longest a change may hold a model's lock (a stalled member's lock then expires). */
  private static final long LEASE_SECONDS = 60;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private final IMap<String, String> locks;
  private final byte[] sealKey;
  private final Map<String, ModelEntry> mirror = new ConcurrentHashMap<>();
  private volatile BiConsumer<ModelEntry, ModelEntry> changed = (before, after) -> { };

  ModelIndex(Vertx vertx, HazelcastInstance hazelcast, byte[] sealKey) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
    this.locks = hazelcast.getMap(LOCKS);
    this.sealKey = sealKey.clone();
  }

  /** Starts mirroring, adds the store's entries the map lacks, then mirrors what the map holds. */
  Future<Void> load(List<ModelEntry> fromStore) {
    return blocking(() -> {
      map.addEntryListener(new Mirror(), true);
      fromStore.forEach(e -> map.putIfAbsent(e.id(), seal(e)));
      map.entrySet().forEach(kv -> mirror(kv.getValue()));
      return null;
    });
  }

  /** {@code listener(before, after)} runs on a Hazelcast thread for every change another member made. */
  void onRemoteChange(BiConsumer<ModelEntry, ModelEntry> listener) {
    this.changed = listener;
  }

  ModelEntry get(String id) {
    return mirror.get(id);
  }

  Collection<ModelEntry> all() {
    return mirror.values();
  }

  /** True when this member owns the partition of model {@code id} (it restores the model; P6). */
  boolean owns(String id) {
    Partition partition = hazelcast.getPartitionService().getPartition(id);
    return partition.getOwner() != null && partition.getOwner().localMember();
  }

  /** Runs {@code work} holding the cluster-wide lock of model {@code id}. */
  <T> Future<T> locked(String id, Supplier<Future<T>> work) {
    String token = UUID.randomUUID().toString();
    // Released whatever the work does, a synchronous throw included (else the lock would last its whole lease).
    return acquire(id, token, 0).compose(v -> Future.<Void>succeededFuture().compose(x -> work.get())
        .andThen(ar -> blocking(() -> locks.remove(id, token))));
  }

  private Future<Void> acquire(String id, String token, int tries) {
    return blocking(() -> locks.putIfAbsent(id, token, LEASE_SECONDS, TimeUnit.SECONDS) == null).compose(won -> {
      if (won) {
        return Future.succeededFuture();
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(Math.min(200, 5L << Math.min(tries, 6)), t -> later.complete());
      return later.future().compose(v -> acquire(id, token, tries + 1));
    });
  }

  /** The entry as the cluster has it now (only under the model's lock is it sure to stay so). */
  Future<ModelEntry> current(String id) {
    return blocking(() -> {
      String sealed = map.get(id);
      return sealed == null ? null : open(sealed);
    });
  }

  /** Publishes {@code entry} (already durable) to the cluster, and to this member's mirror at once. */
  Future<ModelEntry> put(ModelEntry entry) {
    mirror.put(entry.id(), entry);
    return blocking(() -> {
      map.set(entry.id(), seal(entry));
      return entry;
    });
  }

  private final class Mirror implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      entryUpdated(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      ModelEntry before = mirror.get(event.getKey());
      ModelEntry after = mirror(event.getValue());
      if (after != null && !event.getMember().localMember()) {
        changed.accept(before, after);
      }
    }
  }

  private ModelEntry mirror(String sealed) {
    ModelEntry entry = open(sealed);
    if (entry != null) {
      mirror.put(entry.id(), entry);
    }
    return entry;
  }

  private String seal(ModelEntry e) {
    String json = e.toJson().encode();
    return mac(json) + "." + json;
  }

  private ModelEntry open(String sealed) {
    int dot = sealed.indexOf('.');
    if (dot < 0 || !MessageDigest.isEqual(mac(sealed.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII),
        sealed.substring(0, dot).getBytes(StandardCharsets.US_ASCII))) {
      LOG.warning("model vault: an index entry fails the seal (written without the journal key); ignored");
      return null;
    }
    return ModelEntry.fromJson(new JsonObject(sealed.substring(dot + 1)));
  }

  private String mac(String json) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sealKey, "HmacSHA256"));
      return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
