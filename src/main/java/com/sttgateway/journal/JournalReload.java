package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import java.time.format.DateTimeParseException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * One cold-start reload of the job index from the records in the object store: one listing, put in the order of
 * the jobs' partitions, then batches read ({@link ObjectStore#getAll}: the embedded server's files directly),
 * parsed and sealed on a worker and indexed, a few batches at once, with a progress line every 10 s. A record that cannot be parsed is logged and skipped; a
 * store that cannot be read fails it (a silently partial index would hide jobs).
 */
final class JournalReload {

  private static final Logger LOG = Logger.getLogger(JournalReload.class.getName());
  private static final int BATCH = 512;
  private static final int LANES = 3;

  private final Vertx vertx;
  private final ObjectStore store;
  private final Function<JobRecord, byte[]> entry;
  private final Function<Map<String, byte[]>, Future<Void>> index;
  private final ToIntFunction<String> partitionOf;
  private final IndexProgress progress;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());

  JournalReload(Vertx vertx, ObjectStore store, Function<JobRecord, byte[]> entry,
      Function<Map<String, byte[]>, Future<Void>> index, ToIntFunction<String> partitionOf,
      IndexProgress progress) {
    this.vertx = vertx;
    this.store = store;
    this.entry = entry;
    this.index = index;
    this.partitionOf = partitionOf;
    this.progress = progress;
  }

  /** How many records were indexed. */
  Future<Integer> run() {
    long start = System.nanoTime();
    return store.listRecords(JobObjects.PREFIX, JobObjects.RECORD_NAME)
        .compose(listed -> vertx.executeBlocking(() -> byPartition(listed), false)).compose(keys -> {
      LOG.info("journal reload: " + keys.size() + " job records listed and ordered by partition in " + (System.nanoTime() - start) / 1_000_000
          + " ms");
      progress.total(keys.size());
      List<Future<Integer>> lanes = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        lanes.add(lane(keys, lane * BATCH, 0));
      }
      return Future.all(lanes).map(all -> lanes.stream().mapToInt(Future::result).sum());
    }).onSuccess(n -> LOG.info("journal reloaded: " + n + " job records indexed in "
        + (System.nanoTime() - start) / 1_000_000 + " ms"));
  }

  /**
   * The record keys in the order of their jobs' partitions: a batch then touches one or two partitions, and each
   * partition's operation of {@code executeOnKeys} (which gets every key of the batch and hashes each to find its
   * own) sees few keys that are not its own. In listing order a batch of 512 touched about 230 of the 271.
   */
  private List<String> byPartition(List<String> keys) {
    int[] partition = new int[keys.size()];
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < partition.length; i++) {
      String id = JobObjects.clientIdOf(keys.get(i));
      partition[i] = id == null ? -1 : partitionOf.applyAsInt(id);
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> partition[i]));
    List<String> sorted = new ArrayList<>(keys.size());
    for (Integer i : order) {
      sorted.add(keys.get(i));
    }
    return sorted;
  }

  /** Loads the batch at {@code from}, then every LANES-th batch after it; completes with how many it indexed. */
  private Future<Integer> lane(List<String> keys, int from, int indexed) {
    if (from >= keys.size()) {
      return Future.succeededFuture(indexed);
    }
    List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
    return store.getAll(batch)
        .compose(bytes -> vertx.executeBlocking(() -> entries(batch, bytes), false))
        .compose(entries -> index.apply(entries).map(entries.size()))
        .compose(n -> {
          progress(keys.size(), batch.size());
          return lane(keys, from + LANES * BATCH, indexed + n);
        });
  }

  private Map<String, byte[]> entries(List<String> keys, List<Buffer> bytes) {
    Map<String, byte[]> entries = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (bytes.get(i) == null) {
        continue; // removed since the listing
      }
      try {
        JobRecord r = JobRecord.fromJson(new JsonObject(bytes.get(i)));
        entries.put(r.clientId(), entry.apply(r));
      } catch (RuntimeException e) {
        if (!isCorrupt(e)) {
          throw e;
        }
        LOG.warning("journal: skipping unreadable job record " + keys.get(i) + ": " + e);
      }
    }
    return entries;
  }

  private void progress(int total, int more) {
    progress.loaded(more);
    int now = done.addAndGet(more);
    long last = lastProgress.get();
    if (System.nanoTime() - last > 10_000_000_000L && lastProgress.compareAndSet(last, System.nanoTime())) {
      LOG.info("journal reload: " + now + " of " + total + " job records read");
    }
  }

  /** A parse failure of the record itself, as opposed to the store or the pool failing. */
  private static boolean isCorrupt(RuntimeException e) {
    return e instanceof DecodeException || e instanceof IllegalArgumentException || e instanceof NullPointerException
        || e instanceof ClassCastException || e instanceof DateTimeParseException;
  }
}
