package com.sttgateway.journal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * The jobs of this member's partitions as the operator's queries see them ({@link JobSummary}), in creation order,
 * and their number per state, kept as the index changes: a local entry listener (Hazelcast tells the member owning
 * a key of every change to it) adds, replaces and removes them. A page in creation order is then a walk of an
 * ordered set from the cursor (a tenant's own set for a tenant's page), testing each summary, and a count one
 * pass over the partitions, whatever the journal's size; across members each answers for its own partitions
 * ({@link SummaryQuestions}). A partition that migrated here is read once from its entries (a partition-scoped
 * query) the first time it is asked for, and the summaries of one that left are dropped then. Summaries follow
 * the index a few milliseconds late (events are delivered asynchronously), and around a migration an event that
 * crosses the re-reading can be counted twice (or a job removed meanwhile listed) until the partition moves
 * again. Entries are summarized by what they name, sealed or not: the page reads the records themselves, seals
 * checked. One per Hazelcast member; any thread.
 */
final class JobSummaries implements EntryAddedListener<String, HazelcastJsonValue>,
    EntryUpdatedListener<String, HazelcastJsonValue>, EntryRemovedListener<String, HazelcastJsonValue>,
    EntryEvictedListener<String, HazelcastJsonValue>, EntryExpiredListener<String, HazelcastJsonValue>,
    MapClearedListener, MigrationListener {

  private static final JobState[] STATES = JobState.values();
  /** How many summaries {@link #localRandom} passes at most looking for one in the state asked for. */
  private static final int RANDOM_STEPS = 10_000;

  private final HazelcastInstance hazelcast;
  private final IMap<String, HazelcastJsonValue> map;
  private final int partitions;
  /** Every summary, in creation order. */
  private final ConcurrentSkipListSet<JobSummary> ordered = new ConcurrentSkipListSet<>();
  /** The same per tenant: a tenant's page walks its own jobs only (a tenant's share of them, not all). */
  private final ConcurrentHashMap<String, ConcurrentSkipListSet<JobSummary>> byTenant = new ConcurrentHashMap<>();
  /** counts[partition * STATES.length + state]. */
  private final AtomicLongArray counts;
  /** 1 where this member read the partition since it last moved. */
  private final AtomicLongArray known;
  /** 1 where the sets may hold summaries of the partition (cleared when they are dropped). */
  private final AtomicLongArray holds;
  /** A key that falls in each partition, for partition-scoped queries. */
  private final String[] keyOf;

  private JobSummaries(HazelcastInstance hazelcast, IMap<String, HazelcastJsonValue> map) {
    this.hazelcast = hazelcast;
    this.map = map;
    this.partitions = hazelcast.getPartitionService().getPartitions().size();
    this.counts = new AtomicLongArray(partitions * STATES.length);
    this.known = new AtomicLongArray(partitions);
    this.holds = new AtomicLongArray(partitions);
    this.keyOf = new String[partitions];
    int found = 0;
    for (int i = 0; found < partitions; i++) {
      int p = partition("count-" + i);
      if (keyOf[p] == null) {
        keyOf[p] = "count-" + i;
        found++;
      }
    }
  }

  /** The summaries of {@code map} on {@code hazelcast}'s member, kept from the first call on (one per member). */
  static JobSummaries of(HazelcastInstance hazelcast, IMap<String, HazelcastJsonValue> map) {
    return (JobSummaries) hazelcast.getUserContext().computeIfAbsent(JobSummaries.class.getName(), k -> {
      JobSummaries summaries = new JobSummaries(hazelcast, map);
      hazelcast.getPartitionService().addMigrationListener(summaries);
      map.addLocalEntryListener(summaries);
      map.addEntryListener((MapClearedListener) summaries, false); // map-wide events reach no local listener
      if (map.getLocalMapStats().getOwnedEntryCount() == 0) {
        summaries.ownedAreKnown(); // a member that starts (and rebuilds its index) sees every entry arrive
      }
      return summaries;
    });
  }

  /** Jobs per state (ordinal order) in the partitions this member owns now. */
  long[] localCounts() {
    long[] sum = new long[STATES.length];
    boolean[] mine = owned();
    for (int p = 0; p < partitions; p++) {
      for (int s = 0; mine[p] && s < STATES.length; s++) {
        sum[s] += counts.get(p * STATES.length + s);
      }
    }
    return sum;
  }

  /**
   * This member's first {@code limit} summaries matching {@code filter} after {@code after}, in order: the walk
   * starts at the later of the cursor and {@code createdSince} and ends at {@code createdUntil}.
   */
  List<JobSummary> localFirst(JobFilter filter, JobSummary after, int limit) {
    boolean[] mine = owned();
    List<JobSummary> found = new ArrayList<>(Math.min(limit, 1024));
    ConcurrentSkipListSet<JobSummary> walked = filter.tenant() == null ? ordered
        : byTenant.getOrDefault(filter.tenant(), new ConcurrentSkipListSet<>());
    JobSummary from = after;
    if (filter.createdSince() != null) {
      JobSummary since = JobSummary.position(filter.createdSince(), ""); // before every id created then
      from = from == null || since.compareTo(from) > 0 ? since : from;
    }
    long until = filter.createdUntil() == null ? Long.MAX_VALUE : JobSummary.nanos(filter.createdUntil());
    for (JobSummary s : from == null ? walked : walked.tailSet(from, false)) {
      if (s.created() >= until) {
        break;
      }
      if (mine[s.partition()] && filter.matches(s)) { // not mine: left meanwhile, dropped at the next question
        found.add(s);
        if (found.size() >= limit) {
          break;
        }
      }
    }
    return found;
  }

  /**
   * The ids of this member's newest {@code limit} jobs in {@code state}, newest first: a walk from the newest
   * summary, so it costs the jobs passed, not the journal's size, when jobs in {@code state} are among the recent.
   */
  List<String> localNewest(JobState state, int limit) {
    boolean[] mine = owned();
    List<String> found = new ArrayList<>(Math.min(limit, 1024));
    for (JobSummary s : ordered.descendingSet()) {
      if (mine[s.partition()] && s.state() == state) {
        found.add(s.clientId());
        if (found.size() >= limit) {
          break;
        }
      }
    }
    return found;
  }

  /**
   * The id of one of this member's jobs in {@code state} chosen at random, or null when none is found within
   * {@link #RANDOM_STEPS} summaries: the walk starts at a random creation time between the oldest and the newest
   * job and goes on from there (around the end), so a job created after a quiet span is chosen more often than
   * one created in a busy one.
   */
  String localRandom(JobState state) {
    if (ordered.isEmpty()) {
      return null;
    }
    boolean[] mine = owned();
    long oldest = ordered.first().created();
    long newest = ordered.last().created();
    long at = newest <= oldest ? oldest : ThreadLocalRandom.current().nextLong(oldest, newest + 1);
    JobSummary from = JobSummary.position(JobSummary.instant(at), "");
    Iterator<JobSummary> walk = ordered.tailSet(from, true).iterator();
    for (int step = 0; step < RANDOM_STEPS; step++) {
      if (!walk.hasNext()) {
        walk = ordered.iterator(); // around the end
      }
      if (!walk.hasNext()) {
        return null;
      }
      JobSummary s = walk.next();
      if (mine[s.partition()] && s.state() == state) {
        return s.clientId();
      }
    }
    return null;
  }

  /**
   * Which partitions this member owns now, each read from its entries first if it is new here; the summaries of
   * partitions that left are dropped. Blocks for partitions new here.
   */
  private boolean[] owned() {
    boolean[] mine = new boolean[partitions];
    boolean[] stale = new boolean[partitions]; // left, or new here: what the sets hold of it is out of date
    boolean anyStale = false;
    for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
      int p = partition.getPartitionId();
      mine[p] = partition.getOwner() != null && partition.getOwner().localMember();
      stale[p] = mine[p] ? known.get(p) == 0 : holds.getAndSet(p, 0) == 1;
      anyStale |= stale[p];
    }
    if (anyStale) {
      drop(s -> stale[s.partition()]); // one pass over the sets, however many partitions moved
    }
    for (int p = 0; p < partitions; p++) {
      if (mine[p] && stale[p]) {
        reread(p);
      }
    }
    return mine;
  }

  private void ownedAreKnown() {
    for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
      if (partition.getOwner() != null && partition.getOwner().localMember()) {
        known.set(partition.getPartitionId(), 1);
      }
    }
  }

  /** Reads partition {@code p} from its entries (events meanwhile still apply; see the class comment). */
  private void reread(int p) {
    long[] fresh = new long[STATES.length];
    for (Map.Entry<String, HazelcastJsonValue> e
        : map.entrySet(Predicates.partitionPredicate(keyOf[p], Predicates.alwaysTrue()))) {
      JobSummary s = JobSummary.of(e.getKey(), e.getValue().getValue(), p);
      if (s != null) {
        fresh[s.state().ordinal()]++;
        add(s);
      }
    }
    for (int s = 0; s < STATES.length; s++) {
      counts.set(p * STATES.length + s, fresh[s]);
    }
    known.set(p, 1);
  }

  @Override
  public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
    put(event.getKey(), event.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
    remove(event.getKey(), event.getOldValue());
    put(event.getKey(), event.getValue());
  }

  @Override
  public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
    remove(event.getKey(), event.getOldValue());
  }

  @Override
  public void entryEvicted(EntryEvent<String, HazelcastJsonValue> event) {
    remove(event.getKey(), event.getOldValue());
  }

  @Override
  public void entryExpired(EntryEvent<String, HazelcastJsonValue> event) {
    remove(event.getKey(), event.getOldValue());
  }

  @Override
  public void mapCleared(MapEvent event) {
    for (int p = 0; p < partitions; p++) {
      known.set(p, 0);
    }
    ordered.clear();
    byTenant.clear();
  }

  @Override
  public void migrationStarted(MigrationState state) {}

  @Override
  public void migrationFinished(MigrationState state) {}

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    if (event.getReplicaIndex() == 0) {
      known.set(event.getPartitionId(), 0); // moved: read again when next asked for, if it is ours
    }
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    replicaMigrationCompleted(event);
  }

  private void put(String key, HazelcastJsonValue value) {
    int p = partition(key);
    JobSummary s = value == null ? null : JobSummary.of(key, value.getValue(), p);
    if (s != null) {
      counts.incrementAndGet(p * STATES.length + s.state().ordinal());
      add(s);
    }
  }

  private void remove(String key, HazelcastJsonValue old) {
    int p = partition(key);
    JobSummary s = old == null ? null : JobSummary.of(key, old.getValue(), p);
    if (s != null) {
      counts.decrementAndGet(p * STATES.length + s.state().ordinal());
      ordered.remove(s); // by creation time and id: whatever summary of the job the set holds
      ConcurrentSkipListSet<JobSummary> tenants = s.tenant() == null ? null : byTenant.get(s.tenant());
      if (tenants != null) {
        tenants.remove(s);
      }
    }
  }

  private void add(JobSummary s) {
    holds.set(s.partition(), 1);
    ordered.add(s);
    if (s.tenant() != null) {
      byTenant.computeIfAbsent(s.tenant(), t -> new ConcurrentSkipListSet<>()).add(s);
    }
  }

  private void drop(Predicate<JobSummary> which) {
    ordered.removeIf(which);
    byTenant.values().forEach(set -> set.removeIf(which));
  }

  private int partition(String key) {
    return hazelcast.getPartitionService().getPartition(key).getPartitionId();
  }
}
