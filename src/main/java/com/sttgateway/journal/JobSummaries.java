package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * The jobs of this member's partitions as the journal's queries see them ({@link JobSummary}): in creation order,
 * per tenant, by upstream id, and their number per state. They are the index: every write of the journal is an
 * {@link IndexWrite} that changes the entry and its summary together on the member owning the key, before the
 * write completes, so a query after a write sees it. A page in creation order is then a walk of an ordered map
 * from the cursor (a tenant's own for a tenant's page), testing each summary, and a count one pass over the
 * partitions, whatever the journal's size; across members each answers for its own partitions
 * ({@link SummaryQuestions}). A partition that migrated here is read once from its entries (a partition-scoped
 * query) the first time it is asked for, and the summaries of one that left are dropped then; around a migration a
 * write that crosses the re-reading can be miscounted (its summary is right) until the partition moves again. A summary is read from
 * the entry's JSON without checking its seal: whoever acts on a job reads the record itself, seal checked, and an
 * entry written into the map other than through an {@link IndexWrite} (a peer without the journal key) changes no
 * summary. One per Hazelcast member; any thread.
 */
final class JobSummaries implements MapClearedListener, MigrationListener {

  private static final JobState[] STATES = JobState.values();
  /** How many summaries {@link #localRandom} passes at most looking for one in the state asked for. */
  private static final int RANDOM_STEPS = 10_000;

  private final HazelcastInstance hazelcast;
  private final IMap<String, byte[]> map;
  private final int partitions;
  /**
   * Every summary, in creation order, each its own value: a put replaces the job's summary (the value, not the key,
   * so walks read the values) and a remove returns it.
   */
  private final ConcurrentSkipListMap<JobSummary, JobSummary> ordered = new ConcurrentSkipListMap<>();
  /** The same per tenant: a tenant's page walks its own jobs only (a tenant's share of them, not all). */
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<JobSummary, JobSummary>> byTenant =
      new ConcurrentHashMap<>();
  /** The summaries of jobs the upstream knows, by {@link JobSummary#upstreamKey}. */
  private final ConcurrentHashMap<Object, JobSummary> byUpstream = new ConcurrentHashMap<>();
  /** counts[partition * STATES.length + state]. */
  private final AtomicLongArray counts;
  /** 1 where this member read the partition since it last moved. */
  private final AtomicLongArray known;
  /** 1 where the sets may hold summaries of the partition (cleared when they are dropped). */
  private final AtomicLongArray holds;
  /** A key that falls in each partition, for partition-scoped queries. */
  private final String[] keyOf;

  private JobSummaries(HazelcastInstance hazelcast, IMap<String, byte[]> map) {
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
  static JobSummaries of(HazelcastInstance hazelcast, IMap<String, byte[]> map) {
    return (JobSummaries) hazelcast.getUserContext().computeIfAbsent(JobSummaries.class.getName(), k -> {
      JobSummaries summaries = new JobSummaries(hazelcast, map);
      hazelcast.getPartitionService().addMigrationListener(summaries);
      map.addEntryListener(summaries, false); // map-wide events reach no local listener
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
    ConcurrentSkipListMap<JobSummary, JobSummary> walked = filter.tenant() == null ? ordered
        : byTenant.getOrDefault(filter.tenant(), new ConcurrentSkipListMap<>());
    JobSummary from = after;
    if (filter.createdSince() != null) {
      JobSummary since = JobSummary.position(filter.createdSince(), ""); // before every id created then
      from = from == null || since.compareTo(from) > 0 ? since : from;
    }
    long until = filter.createdUntil() == null ? Long.MAX_VALUE : JobSummary.nanos(filter.createdUntil());
    for (JobSummary s : (from == null ? walked : walked.tailMap(from, false)).values()) {
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
    for (JobSummary s : ordered.descendingMap().values()) {
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
    long oldest = ordered.firstKey().created();
    long newest = ordered.lastKey().created();
    long at = newest <= oldest ? oldest : ThreadLocalRandom.current().nextLong(oldest, newest + 1);
    JobSummary from = JobSummary.position(JobSummary.instant(at), "");
    Iterator<JobSummary> walk = ordered.tailMap(from, true).values().iterator();
    for (int step = 0; step < RANDOM_STEPS; step++) {
      if (!walk.hasNext()) {
        walk = ordered.values().iterator(); // around the end
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

  /** The client ids of this member's jobs the upstream knows by any of {@code upstreamIds}. */
  List<String> localByUpstream(Collection<String> upstreamIds) {
    boolean[] mine = owned();
    List<String> found = new ArrayList<>();
    for (String id : upstreamIds) {
      JobSummary s = id == null ? null : byUpstream.get(JobSummary.upstreamKey(id));
      if (s != null && mine[s.partition()]) {
        found.add(s.clientId());
      }
    }
    return found;
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

  /**
   * Reads partition {@code p} from its entries. Writes meanwhile still apply, and win: a summary they put is not
   * replaced by what the read saw (see the class comment).
   */
  private void reread(int p) {
    for (int s = 0; s < STATES.length; s++) {
      counts.set(p * STATES.length + s, 0);
    }
    for (Map.Entry<String, byte[]> e
        : map.entrySet(Predicates.partitionPredicate(keyOf[p], Predicates.alwaysTrue()))) {
      JobSummary s = JobSummary.of(e.getKey(), e.getValue(), p);
      if (s != null && ordered.putIfAbsent(s, s) == null) {
        added(s);
      }
    }
    known.set(p, 1);
  }

  /**
   * The entry of {@code key} changed from {@code before} to {@code after} (either null: absent) on this member, its
   * owner ({@link IndexWrite}, on the partition's thread).
   */
  void changed(String key, byte[] before, byte[] after) {
    int p = partition(key);
    JobSummary next = JobSummary.of(key, after, p);
    if (next != null) {
      // A job's creation time never changes: its new summary takes the place of whatever summary it had.
      removed(ordered.put(next, next));
      added(next);
      return;
    }
    JobSummary prev = JobSummary.of(key, before, p); // removed: only the old entry says where its summary is
    if (prev != null) {
      removed(ordered.remove(prev));
    }
  }

  @Override
  public void mapCleared(MapEvent event) {
    for (int p = 0; p < partitions; p++) {
      known.set(p, 0);
    }
    ordered.clear();
    byTenant.clear();
    byUpstream.clear();
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

  /** Counts {@code s}, now in {@link #ordered}, and adds it to the other views. */
  private void added(JobSummary s) {
    holds.set(s.partition(), 1);
    counts.incrementAndGet(s.partition() * STATES.length + s.state().ordinal());
    if (s.tenant() != null) {
      byTenant.computeIfAbsent(s.tenant(), t -> new ConcurrentSkipListMap<>()).put(s, s);
    }
    if (s.upstreamKey() != null) {
      byUpstream.put(s.upstreamKey(), s);
    }
  }

  /** Uncounts {@code s} (null: none), no longer in {@link #ordered}, and removes it from the other views. */
  private void removed(JobSummary s) {
    if (s == null) {
      return;
    }
    counts.decrementAndGet(s.partition() * STATES.length + s.state().ordinal());
    ConcurrentSkipListMap<JobSummary, JobSummary> tenants = s.tenant() == null ? null : byTenant.get(s.tenant());
    if (tenants != null) {
      tenants.remove(s, s);
    }
    if (s.upstreamKey() != null) {
      byUpstream.remove(s.upstreamKey(), s);
    }
  }

  private void drop(Predicate<JobSummary> which) {
    ordered.values().removeIf(which);
    byTenant.values().forEach(m -> m.values().removeIf(which));
    byUpstream.values().removeIf(which);
  }

  private int partition(String key) {
    return hazelcast.getPartitionService().getPartition(key).getPartitionId();
  }
}
