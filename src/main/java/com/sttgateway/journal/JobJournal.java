package com.sttgateway.journal;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The durable job records ({@code jobs/{clientId}/record.json}, the source of truth) and their index, the
 * Hazelcast map {@code jobs} of JSON values keyed by client id. Any thread: map calls are async and bridged to the
 * caller's context; predicate queries and index creation block, so they run on a worker thread.
 */
public final class JobJournal {

  static final String MAP = "jobs";
  private static final int CAS_TRIES = 8;
  private static final Logger LOG = Logger.getLogger(JobJournal.class.getName());

  private final Vertx vertx;
  private final ObjectStore store;
  private final HazelcastInstance hazelcast;
  private final IMap<String, byte[]> map;
  private final IndexSeal seal;
  private final Serially serially = new Serially();
  private final IndexProgress index = new IndexProgress();

  public JobJournal(Vertx vertx, ObjectStore store, HazelcastInstance hazelcast, IndexSeal seal) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.map = hazelcast.getMap(MAP);
    this.seal = Objects.requireNonNull(seal, "seal");
    JobSummaries.of(hazelcast, map); // from now on, so that the first query finds them (nearly) all read
  }

  /** What one {@link #transition} did: the record before and after; the same record when nothing changed. */
  public record Change(JobRecord before, JobRecord after) {
    public boolean changed() {
      return before != after;
    }
  }

  /**
   * The index map's configuration, the same on every member: values in their stored form ({@link EntryCodec}) and
   * no Hazelcast index, because the journal's queries read each member's {@link JobSummaries}, which every write
   * keeps ({@link IndexWrite}). With JSON values and indexes on upstream id, state and tenant it took 1,800 bytes of
   * heap per job in bench/ops' mix, against 850 now.
   */
  public static MapConfig mapConfig() {
    return new MapConfig(MAP);
  }

  /** Journals a new job: the durable write first, then the index. Succeeds only after the durable write. */
  public Future<Void> create(JobRecord r) {
    JsonObject json = r.toJson();
    return store.putJson(JobObjects.record(r.clientId()), json)
        .compose(v -> bridge(map.submitToKey(r.clientId(), IndexWrite.put(seal.value(r))))).mapEmpty();
  }

  /**
   * The one way to change a job: {@code change} gets the current record and returns the next one, or the same
   * instance to leave it alone (it may throw a GatewayException to refuse). The index entry is replaced by
   * compare-and-set on the member owning the key (a lost race re-reads and asks {@code change} again), then the
   * record is written durably; if that write fails the index is put back, so index and store agree. Changes to
   * one job from this member are serialized, so their durable writes land in order. Completes with
   * {@code Change(null, null)} when the job is unknown.
   */
  public Future<Change> transition(String clientId, UnaryOperator<JobRecord> change) {
    return serially.run(clientId, () -> attempt(clientId, change, CAS_TRIES));
  }

  private Future<Change> attempt(String clientId, UnaryOperator<JobRecord> change, int tries) {
    return verified(clientId).compose(value -> {
      JobRecord current = parse(value);
      JobRecord next = current == null ? null : change.apply(current);
      if (next == current) {
        return Future.succeededFuture(new Change(current, current));
      }
      byte[] updated = seal.value(next);
      return bridge(map.submitToKey(clientId, IndexWrite.replace(value, updated))).compose(won -> {
        if (!won) {
          return tries > 1 ? attempt(clientId, change, tries - 1)
              : Future.failedFuture(new IllegalStateException("job " + clientId + " kept changing"));
        }
        return store.putJson(JobObjects.record(clientId), next.toJson()).map(new Change(current, next))
            .recover(err -> bridge(map.submitToKey(clientId, IndexWrite.replace(updated, value)))
                .transform(undone -> Future.failedFuture(err)));
      });
    });
  }

  /** This member's id, the first part of the claims it takes. */
  public String member() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** True while the member that took {@code claim} is in the cluster and the claim's lease has not run out. */
  public boolean held(JobRecord.Claim claim) {
    return claim != null && claim.until().isAfter(Instant.now())
        && hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().toString().equals(claim.member()));
  }

  /** The indexed record of {@code clientId}; null when unknown. */
  public Future<JobRecord> get(String clientId) {
    return verified(clientId).map(this::parse);
  }

  /** The entry, its seal checked: one written without the journal key is replaced from the store (or removed). */
  private Future<byte[]> verified(String clientId) {
    return bridge(map.getAsync(clientId)).compose(value -> value == null || parse(value) != null
        ? Future.succeededFuture(value)
        : store.getJson(JobObjects.record(clientId)).compose(json -> {
          LOG.warning("job " + clientId + ": its index entry fails the seal; read again from the object store");
          byte[] good = json == null ? null : seal.value(JobRecord.fromJson(json));
          return bridge(map.submitToKey(clientId, IndexWrite.replace(value, good))).map(good);
        }));
  }

  /** The record the upstream knows as {@code upstreamId}; null when none (or when {@code upstreamId} is null). */
  public Future<JobRecord> findByUpstreamId(String upstreamId) {
    if (upstreamId == null) {
      return Future.succeededFuture(); // queued jobs have no upstream id: never match them
    }
    return findByUpstreamIds(List.of(upstreamId)).map(found -> found.isEmpty() ? null : found.get(0));
  }

  /** The records the upstream knows by any of {@code upstreamIds}, oldest first. */
  public Future<List<JobRecord>> findByUpstreamIds(Collection<String> upstreamIds) {
    Set<String> wanted = new HashSet<>(upstreamIds);
    return wanted.isEmpty() ? Future.succeededFuture(List.of())
        : onWorker(() -> read(SummaryQuestions.byUpstream(hazelcast, wanted), r -> wanted.contains(r.upstreamId())));
  }

  /** Records in any of {@code states}, oldest first; none when {@code states} is empty. */
  public Future<List<JobRecord>> findByState(Set<JobState> states) {
    return findBy(JobFilter.inStates(states), r -> states.contains(r.state()));
  }

  /** The tenant's records in any of {@code states}, oldest first; none when {@code states} is empty. */
  public Future<List<JobRecord>> findByTenant(String tenant, Set<JobState> states) {
    return findBy(new JobFilter(states, tenant, null, null, null, null, null, null, null),
        r -> tenant.equals(r.tenant()) && states.contains(r.state()));
  }

  private Future<List<JobRecord>> findBy(JobFilter filter, Predicate<JobRecord> still) {
    return filter.states().isEmpty() ? Future.succeededFuture(List.of()) : onWorker(() -> read(
        summaries(filter, null, Integer.MAX_VALUE).stream().map(JobSummary::clientId).toList(), still));
  }

  /**
   * The records of {@code clientIds} that {@code still} holds for, seals checked, oldest first: what a query
   * over the summaries found, read again from the index (a job that changed since the summary was read is tested
   * as it is now). Blocks.
   */
  List<JobRecord> read(Collection<String> clientIds, Predicate<JobRecord> still) {
    Map<String, byte[]> values = clientIds.isEmpty() ? Map.of() : map.getAll(new HashSet<>(clientIds));
    List<JobRecord> records = new ArrayList<>(values.size());
    values.values().stream().map(this::parse).filter(r -> r != null && still.test(r)).forEach(records::add);
    records.sort(Comparator.comparing(JobRecord::created).thenComparing(JobRecord::clientId));
    return records;
  }

  /** How many records are in each state, cluster-wide (every state present, zero included); O(partitions). */
  public Future<Map<JobState, Long>> countByState() {
    return onWorker(() -> {
      long[] counts = SummaryQuestions.counts(hazelcast);
      Map<JobState, Long> byState = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        byState.put(s, counts[s.ordinal()]);
      }
      return byState;
    });
  }

  /**
   * The summaries of the first {@code limit} records matching {@code filter} after {@code after} (null: from the
   * start), in creation order, cluster-wide ({@link JobSummaries}, kept by every write). Blocks.
   */
  List<JobSummary> summaries(JobFilter filter, JobSummary after, int limit) {
    try {
      return SummaryQuestions.first(hazelcast, filter, after, limit);
    } catch (Exception e) {
      throw new IllegalStateException("job summaries: " + e.getMessage(), e);
    }
  }

  /** This member's summaries of the jobs of the partitions it owns (for {@link OwnedJobs}). */
  JobSummaries localSummaries() {
    return JobSummaries.of(hazelcast, map);
  }

  /** Removes every object of the job, then its record, then its index entry. */
  public Future<Void> drop(JobRecord job) {
    return JobObjects.removeAllButRecord(store, job).compose(v -> store.remove(JobObjects.record(job.clientId())))
        .compose(v -> bridge(map.submitToKey(job.clientId(), IndexWrite.put(null)))).mapEmpty();
  }

  /**
   * Cold start: indexes every record in the object store and returns how many. A record that cannot be parsed is
   * logged and skipped; a store that cannot be read fails the reload (a silently partial index would hide jobs).
   * An entry the index already holds in a newer version (changed by another member since it was read) is kept.
   */
  public Future<Integer> reload() {
    PartitionService partitions = hazelcast.getPartitionService();
    return new JournalReload(vertx, store, seal::value,
        entries -> onWorker(() -> map.executeOnKeys(entries.keySet(), new NewerEntries(entries))).<Void>mapEmpty(),
        key -> partitions.getPartition(key).getPartitionId(), index).run()
        .onSuccess(n -> index.completed()).onFailure(index::failed);
  }

  /** How far the cold-start {@link #reload()} has got: served from while it runs. */
  public IndexProgress index() {
    return index;
  }

  /**
   * The audio keys of every indexed record. Fails when the object store holds a record the index lacks (a member
   * that has not reloaded, or a save in flight), because then no one may judge an audio object unreferenced.
   */
  public Future<Set<String>> referencedAudioKeys() {
    return store.list(JobObjects.PREFIX).compose(keys -> onWorker(() -> {
      Set<String> indexed = new HashSet<>();
      Set<String> audio = new HashSet<>();
      for (String[] row : map.project(new AudioKeys())) {
        indexed.add(row[0]);
        if (row[1] != null) {
          audio.add(row[1]);
        }
      }
      List<String> missing = keys.stream().filter(k -> JobObjects.clientIdOf(k) != null)
          .filter(k -> !indexed.contains(JobObjects.clientIdOf(k))).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("the index lacks " + missing.size() + " journaled record(s), e.g. "
            + missing.get(0));
      }
      return audio;
    }));
  }

  /** Runs {@code work} over the index map on a worker thread. */
  <T> Future<T> overMap(Function<IMap<String, byte[]>, T> work) {
    return onWorker(() -> work.apply(map));
  }

  /** The record of a sealed index entry; null for none, and for an entry whose seal does not verify. */
  JobRecord parse(byte[] value) {
    JsonObject json = seal.open(value);
    return json == null ? null : JobRecord.fromJson(json);
  }

  /** The sealed index entry of {@code r} (for IndexRepair). */
  byte[] value(JobRecord r) {
    return seal.value(r);
  }

  private <T> Future<T> bridge(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  /** Runs {@code work} on a worker thread (Hazelcast's blocking calls, work over the summaries). */
  <T> Future<T> onWorker(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
