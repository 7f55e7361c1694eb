package com.sttgateway.journal;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * When the cluster shrinks, re-checks that the index holds, for the partitions this member now owns, every job
 * record the object store holds, and puts back those it lacks (members that left at once, or crashed, can take
 * both copies of a partition with them). Waits (bounded) for migrations to settle first; one repair at a time, a
 * shrink during one asks for one more. Then {@code afterRepair} runs (recovery: the departed members' jobs are
 * this member's now). Hazelcast's event thread only signals; the work runs on the Vert.x context it was made on.
 */
public final class IndexRepair implements MembershipListener {

  private static final Logger LOG = Logger.getLogger(IndexRepair.class.getName());
  private static final int BATCH = 64;
  private static final long SETTLE_POLL_MILLIS = 200;
  private static final long SETTLE_MAX_MILLIS = 120_000;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final JobJournal journal;
  private final ObjectStore store;
  private final Runnable afterRepair;
  private final Context context;
  private boolean running;
  private boolean again;
  private UUID registration;

  public IndexRepair(Vertx vertx, HazelcastInstance hazelcast, JobJournal journal, ObjectStore store,
      Runnable afterRepair) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.store = Objects.requireNonNull(store, "store");
    this.afterRepair = Objects.requireNonNull(afterRepair, "afterRepair");
    this.context = vertx.getOrCreateContext();
  }

  /** Starts listening for members that leave. */
  public IndexRepair start() {
    registration = hazelcast.getCluster().addMembershipListener(this);
    return this;
  }

  public void stop() {
    if (registration != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(registration);
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    // the index is complete on a larger cluster: partitions migrate with their backups
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    LOG.info("cluster member " + event.getMember().getUuid() + " left; re-checking the index of this member's jobs");
    context.runOnContext(v -> request());
  }

  /** Runs one repair, or asks the running one for another pass (the partitions it owns may have changed). */
  private void request() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    settled().compose(v -> repair()).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warning("index repair failed (the next member change or restart tries again): " + ar.cause());
      } else if (ar.result() > 0) {
        LOG.warning("index repair: " + ar.result() + " job record(s) were missing from the index; indexed again");
      } else {
        LOG.info("index repair: the index holds every job record of this member's partitions");
      }
      if (again) {
        again = false;
        request();
      } else if (ar.succeeded()) {
        afterRepair.run();
      }
    });
  }

  /** Completes once this member's partitions have their replicas in sync again, or after the bound. */
  private Future<Void> settled() {
    Promise<Void> done = Promise.promise();
    PartitionService partitions = hazelcast.getPartitionService();
    long deadline = System.currentTimeMillis() + SETTLE_MAX_MILLIS;
    vertx.setPeriodic(1, SETTLE_POLL_MILLIS, id -> {
      if (partitions.isLocalMemberSafe() || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }

  /** How many records this member's partitions lacked and got back. */
  private Future<Integer> repair() {
    return store.list(JobObjects.PREFIX).compose(keys -> journal.overMap(map -> {
      Set<String> indexed = map.localKeySet();
      PartitionService partitions = hazelcast.getPartitionService();
      List<String> missing = new ArrayList<>();
      for (String key : keys) {
        String id = JobObjects.clientIdOf(key);
        if (id != null && !indexed.contains(id) && partitions.getPartition(id).getOwner() != null
            && partitions.getPartition(id).getOwner().localMember()) {
          missing.add(id);
        }
      }
      return missing;
    })).compose(this::reindex);
  }

  private Future<Integer> reindex(List<String> missing) {
    Future<Integer> done = Future.succeededFuture(0);
    for (int i = 0; i < missing.size(); i += BATCH) {
      List<String> batch = missing.subList(i, Math.min(missing.size(), i + BATCH));
      done = done.compose(n -> Future.all(batch.stream().map(id -> store.getJson(JobObjects.record(id))).toList())
          .compose(read -> journal.overMap(map -> {
            int put = 0;
            for (int j = 0; j < batch.size(); j++) {
              JsonObject json = read.resultAt(j);
              // absent: dropped meanwhile; if absent: a job changed meanwhile keeps its newer entry
              if (json != null && map.executeOnKey(batch.get(j),
                  IndexWrite.putIfAbsent(journal.value(JobRecord.fromJson(json))))) {
                put++;
              }
            }
            return n + put;
          })));
    }
    return done;
  }
}
