package com.sttgateway.journal;

import com.hazelcast.core.HazelcastJsonValue;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One cold-start reload of the job index from the records in the object store, a batch at a time, with a progress
 * line every 10 s. A record that cannot be parsed is logged and skipped; a store that cannot be read fails it.
 */
final class JournalReload {

  private static final Logger LOG = Logger.getLogger(JournalReload.class.getName());
  private static final int BATCH = 128;

  private final ObjectStore store;
  private final Function<JobRecord, HazelcastJsonValue> entry;
  private final Function<Map<String, HazelcastJsonValue>, Future<Void>> index;
  private final IndexProgress progress;

  JournalReload(ObjectStore store, Function<JobRecord, HazelcastJsonValue> entry,
      Function<Map<String, HazelcastJsonValue>, Future<Void>> index, IndexProgress progress) {
    this.store = store;
    this.entry = entry;
    this.index = index;
    this.progress = progress;
  }

  /** How many records were indexed. */
  Future<Integer> run() {
    long start = System.nanoTime();
    return store.list(JobObjects.PREFIX).compose(keys -> {
      List<String> records = keys.stream().filter(k -> JobObjects.clientIdOf(k) != null).toList();
      progress.total(records.size());
      Future<Integer> loaded = Future.succeededFuture(0);
      long[] lastProgress = {System.nanoTime()};
      for (int i = 0; i < records.size(); i += BATCH) {
        List<String> batch = records.subList(i, Math.min(records.size(), i + BATCH));
        int done = i + batch.size();
        loaded = loaded.compose(n -> loadBatch(batch).map(m -> {
          if (System.nanoTime() - lastProgress[0] > 10_000_000_000L) {
            lastProgress[0] = System.nanoTime();
            LOG.info("journal reload: " + done + " of " + records.size() + " job records read");
          }
          return n + m;
        }));
      }
      return loaded;
    }).onSuccess(n -> LOG.info("journal reloaded: " + n + " job records indexed in "
        + (System.nanoTime() - start) / 1_000_000 + " ms"));
  }

  private Future<Integer> loadBatch(List<String> keys) {
    List<Future<JobRecord>> reads = keys.stream().map(this::read).toList();
    return Future.all(reads).compose(all -> {
      Map<String, HazelcastJsonValue> entries = new HashMap<>();
      reads.stream().map(Future::result).filter(Objects::nonNull)
          .forEach(r -> entries.put(r.clientId(), entry.apply(r)));
      return index.apply(entries).map(v -> {
        progress.loaded(keys.size());
        return entries.size();
      });
    });
  }

  private Future<JobRecord> read(String key) {
    return store.getJson(key)
        .map(json -> json == null ? null : JobRecord.fromJson(json))
        .recover(err -> {
          if (!(err instanceof RuntimeException) || !isCorrupt((RuntimeException) err)) {
            return Future.failedFuture(err);
          }
          LOG.warning("journal: skipping unreadable job record " + key + ": " + err);
          return Future.succeededFuture(null);
        });
  }

  /** A parse failure of the record itself, as opposed to the store or the pool failing. */
  private static boolean isCorrupt(RuntimeException e) {
    return e instanceof DecodeException || e instanceof IllegalArgumentException || e instanceof NullPointerException
        || e instanceof ClassCastException || e instanceof DateTimeParseException;
  }
}
