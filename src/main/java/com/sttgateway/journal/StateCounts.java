package com.sttgateway.journal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
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
import com.hazelcast.projection.Projections;
import com.hazelcast.query.Predicates;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Jobs per state in this member's partitions, kept as the index changes: a local entry listener (Hazelcast tells
 * the member owning a key of every change to it) adds and subtracts per partition, so a count costs one pass over
 * the partitions, whatever the journal's size. A partition that migrated here is counted once from its entries
 * (a partition-scoped query) the first time it is asked for. Counts follow the index a few milliseconds late
 * (events are delivered asynchronously), and around a migration an event that crosses the recount can be counted
 * twice until the partition moves again. Entries are counted by the state they name, sealed or not (the seal is
 * checked where a record is acted on, not here). One per Hazelcast member; any thread.
 */
final class StateCounts implements EntryAddedListener<String, HazelcastJsonValue>,
    EntryUpdatedListener<String, HazelcastJsonValue>, EntryRemovedListener<String, HazelcastJsonValue>,
    EntryEvictedListener<String, HazelcastJsonValue>, EntryExpiredListener<String, HazelcastJsonValue>,
    MapClearedListener, MigrationListener {

  private static final JobState[] STATES = JobState.values();
  private static final String STATE_FIELD = "\"state\":\"";

  private final HazelcastInstance hazelcast;
  private final IMap<String, HazelcastJsonValue> map;
  private final int partitions;
  /** counts[partition * STATES.length + state]. */
  private final AtomicLongArray counts;
  /** 1 where this member counted the partition since it last moved. */
  private final AtomicLongArray known;
  /** A key that falls in each partition, for partition-scoped queries. */
  private final String[] keyOf;

  private StateCounts(HazelcastInstance hazelcast, IMap<String, HazelcastJsonValue> map) {
    this.hazelcast = hazelcast;
    this.map = map;
    this.partitions = hazelcast.getPartitionService().getPartitions().size();
    this.counts = new AtomicLongArray(partitions * STATES.length);
    this.known = new AtomicLongArray(partitions);
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

  /** The counts of {@code map} on {@code hazelcast}'s member, started on first use (one per member). */
  static StateCounts of(HazelcastInstance hazelcast, IMap<String, HazelcastJsonValue> map) {
    return (StateCounts) hazelcast.getUserContext().computeIfAbsent(StateCounts.class.getName(), k -> {
      StateCounts counts = new StateCounts(hazelcast, map);
      hazelcast.getPartitionService().addMigrationListener(counts);
      map.addLocalEntryListener(counts);
      map.addEntryListener((MapClearedListener) counts, false); // map-wide events reach no local listener
      return counts;
    });
  }

  /** Jobs per state in the whole cluster: this member's counts and every other member's. Blocks. */
  static long[] cluster(HazelcastInstance hazelcast) throws Exception {
    if (hazelcast.getCluster().getMembers().size() == 1) {
      return of(hazelcast, hazelcast.getMap(JobJournal.MAP)).local();
    }
    long[] sum = new long[STATES.length];
    for (java.util.concurrent.Future<long[]> member : hazelcast.getExecutorService("journal-counts")
        .submitToAllMembers(new Local()).values()) {
      long[] counts = member.get();
      for (int s = 0; s < STATES.length; s++) {
        sum[s] += counts[s];
      }
    }
    return sum;
  }

  /** Jobs per state (ordinal order) in the partitions this member owns now. Blocks for partitions new here. */
  long[] local() {
    long[] sum = new long[STATES.length];
    for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
      int p = partition.getPartitionId();
      if (partition.getOwner() == null || !partition.getOwner().localMember()) {
        known.set(p, 0);
        continue;
      }
      if (known.get(p) == 0) {
        recount(p);
      }
      for (int s = 0; s < STATES.length; s++) {
        sum[s] += counts.get(p * STATES.length + s);
      }
    }
    return sum;
  }

  /** Counts partition {@code p} from its entries (events meanwhile still add up; see the class comment). */
  private void recount(int p) {
    long[] fresh = new long[STATES.length];
    for (String state : map.project(Projections.<Map.Entry<String, HazelcastJsonValue>, String>singleAttribute(
        "state"), Predicates.partitionPredicate(keyOf[p], Predicates.alwaysTrue()))) {
      JobState s = state == null ? null : stateNamed(state);
      if (s != null) {
        fresh[s.ordinal()]++;
      }
    }
    for (int s = 0; s < STATES.length; s++) {
      counts.set(p * STATES.length + s, fresh[s]);
    }
    known.set(p, 1);
  }

  @Override
  public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
    add(event.getKey(), event.getValue(), 1);
  }

  @Override
  public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
    add(event.getKey(), event.getOldValue(), -1);
    add(event.getKey(), event.getValue(), 1);
  }

  @Override
  public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
    add(event.getKey(), event.getOldValue(), -1);
  }

  @Override
  public void entryEvicted(EntryEvent<String, HazelcastJsonValue> event) {
    add(event.getKey(), event.getOldValue(), -1);
  }

  @Override
  public void entryExpired(EntryEvent<String, HazelcastJsonValue> event) {
    add(event.getKey(), event.getOldValue(), -1);
  }

  @Override
  public void mapCleared(MapEvent event) {
    for (int p = 0; p < partitions; p++) {
      known.set(p, 0);
    }
  }

  @Override
  public void migrationStarted(MigrationState state) {}

  @Override
  public void migrationFinished(MigrationState state) {}

  @Override
  public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    if (event.getReplicaIndex() == 0) {
      known.set(event.getPartitionId(), 0); // moved: counted again when next asked for, if it is ours
    }
  }

  @Override
  public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    replicaMigrationCompleted(event);
  }

  private void add(String key, HazelcastJsonValue value, int delta) {
    JobState state = value == null ? null : stateOf(value.getValue());
    if (state != null) {
      counts.addAndGet(partition(key) * STATES.length + state.ordinal(), delta);
    }
  }

  private int partition(String key) {
    return hazelcast.getPartitionService().getPartition(key).getPartitionId();
  }

  /** The state a record's JSON names first (its own: toJson writes it before any nested object); null if none. */
  private static JobState stateOf(String json) {
    int at = json.indexOf(STATE_FIELD);
    int end = at < 0 ? -1 : json.indexOf('"', at + STATE_FIELD.length());
    return end < 0 ? null : stateNamed(json.substring(at + STATE_FIELD.length(), end));
  }

  private static JobState stateNamed(String name) {
    try {
      return JobState.fromJson(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Asks a member for its {@link #local()} counts (through the cluster's executor). */
  static final class Local implements Callable<long[]>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
      this.hazelcast = instance;
    }

    @Override
    public long[] call() {
      return of(hazelcast, hazelcast.getMap(JobJournal.MAP)).local();
    }
  }
}
