package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.cluster.ClusterNode;
import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job index on two real Hazelcast members sharing one object store. */
@ExtendWith(VertxExtension.class)
class JournalClusterTest {

  private static final int JOBS = 200;
  private static final int IN_FLIGHT = 8;

  @TempDir static Path dir;
  static JournalFixture fixture;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = JournalFixture.start(vertx, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES) // creates and changes hundreds of records: slow on a loaded machine
  void aMemberThatJoinsAndReloadsNeverPutsBackAnOlderRecordThanTheIndexHolds(Vertx vertx) throws Exception {
    List<GatewayConfig.Cluster> cluster = JournalFixture.clusterOf(2);
    ObjectStore store = fixture.newStore();
    HazelcastInstance first = ClusterNode.start(cluster.get(0), dir.resolve("first"), JournalFixture.IDENTITY);
    HazelcastInstance second = null;
    try {
      JobJournal running = new JobJournal(vertx, store, first, TestRecords.SEAL);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        JobRecord r = TestRecords.record(JobState.SUBMITTED);
        running.create(r).await();
        ids.add(r.clientId());
      }
      // The running member keeps changing jobs (one history line each time) while the second one joins and
      // reloads: every reload reads records some of which change before it indexes them.
      Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
      AtomicBoolean ticking = new AtomicBoolean(true);
      List<Future<Void>> tickers = new ArrayList<>();
      for (int t = 0; t < IN_FLIGHT; t++) {
        tickers.add(tick(running, ids, t, ticks, ticking));
      }
      second = ClusterNode.start(cluster.get(1), dir.resolve("second"), JournalFixture.IDENTITY);
      assertThat(second.getCluster().getMembers()).hasSize(2);
      int before = ticks.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(new JobJournal(vertx, store, second, TestRecords.SEAL).reload().await()).isEqualTo(JOBS);
      int during = ticks.values().stream().mapToInt(AtomicInteger::get).sum() - before;
      ticking.set(false);
      Future.all(tickers).await();

      assertThat(during).as("changes while the reload ran: the race took place").isPositive();
      for (String id : ids) {
        JobRecord indexed = running.get(id).await();
        int expected = 1 + ticks.getOrDefault(id, new AtomicInteger()).get();
        assertThat(indexed.history()).as("history of %s in the index", id).hasSize(expected);
        assertThat(JobRecord.fromJson(store.getJson(JobObjects.record(id)).await())).as("record of %s", id)
            .isEqualTo(indexed);
      }
    } finally {
      if (second != null) {
        second.shutdown();
      }
      first.shutdown();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void countsAndPagesFollowCreatesTransitionsDropsReloadsAMemberJoiningAndOneLeaving(Vertx vertx) throws Exception {
    List<GatewayConfig.Cluster> cluster = JournalFixture.clusterOf(2);
    ObjectStore store = fixture.newStore();
    HazelcastInstance first = ClusterNode.start(cluster.get(0), dir.resolve("counts-first"), JournalFixture.IDENTITY);
    HazelcastInstance second = null;
    try {
      JobJournal one = new JobJournal(vertx, store, first, TestRecords.SEAL);
      List<JobRecord> jobs = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        JobRecord r = TestRecords.record(i % 3 == 0 ? JobState.QUEUED : JobState.SUBMITTED,
            i % 4 == 0 ? "tenant-b" : "tenant-a", null);
        one.create(r).await();
        jobs.add(r);
      }
      assertCountsMatchTheIndex(one);
      // A second member joins: about half the partitions, and their jobs, move from the first member to it.
      second = ClusterNode.start(cluster.get(1), dir.resolve("counts-second"), JournalFixture.IDENTITY);
      JobJournal two = new JobJournal(vertx, store, second, TestRecords.SEAL);
      HazelcastInstance joined = second;
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
          .until(() -> joined.getPartitionService().isClusterSafe()
              && !joined.getMap(JobJournal.MAP).localKeySet().isEmpty());
      assertCountsMatchTheIndex(one, two);

      for (int i = 0; i < 20; i++) {
        (i % 2 == 0 ? two : one).transition(jobs.get(i).clientId(), r -> r.transition(JobState.COMPLETED,
            r.upstreamId(), r.lastStatus(), null, "completed", "test")).await();
      }
      for (int i = 20; i < 30; i++) {
        one.drop(jobs.get(i)).await();
      }
      assertCountsMatchTheIndex(one, two);
      assertThat(two.countByState().await()).containsEntry(JobState.COMPLETED, 20L);

      first.getMap(JobJournal.MAP).clear();
      assertThat(two.reload().await()).isEqualTo(50);
      assertCountsMatchTheIndex(one, two);

      second.shutdown(); // its partitions move to the first member
      assertCountsMatchTheIndex(one);
      assertThat(one.countByState().await().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
    } finally {
      if (second != null) {
        second.shutdown();
      }
      first.shutdown();
    }
  }

  /** Every journal's counts, pages and state queries match the index's entries. */
  private static void assertCountsMatchTheIndex(JobJournal... journals) {
    // The truth: every entry of the map itself, not the summaries the journal's queries read.
    List<JobRecord> all = journals[0].overMap(map -> map.values().stream().map(journals[0]::parse)
        .filter(java.util.Objects::nonNull)
        .sorted(java.util.Comparator.comparing(JobRecord::created).thenComparing(JobRecord::clientId)).toList())
        .await(); // oldest first
    Map<JobState, Long> truth = new java.util.EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      truth.put(s, all.stream().filter(r -> r.state() == s).count());
    }
    List<String> inOrder = all.stream().map(JobRecord::clientId).toList();
    List<String> queued = all.stream().filter(r -> r.state() == JobState.QUEUED).map(JobRecord::clientId).toList();
    List<String> tenantB = all.stream().filter(r -> r.tenant().equals("tenant-b")).map(JobRecord::clientId).toList();
    for (JobJournal journal : journals) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(journal.countByState().await()).isEqualTo(truth));
      // Pages merge every member's summaries: all records, in creation order, whichever member asks.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(walk(journal, JobFilter.inStates(Set.of()))).isEqualTo(inOrder);
        assertThat(journal.findByState(java.util.EnumSet.of(JobState.QUEUED)).await().stream()
            .map(JobRecord::clientId).toList()).isEqualTo(queued);
        assertThat(walk(journal, JobFilter.inStates(Set.of(JobState.QUEUED)))).isEqualTo(queued);
        assertThat(walk(journal, new JobFilter(Set.of(), "tenant-b", null, null, null, null, null, null, null)))
            .isEqualTo(tenantB);
      });
    }
  }

  /** Every page of {@code filter}, 7 records a page, following the cursor: the ids in the order listed. */
  private static List<String> walk(JobJournal journal, JobFilter filter) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JobSearch.Page page = new JobSearch(journal).page(filter, cursor, 7).await();
      page.jobs().forEach(j -> ids.add(j.clientId()));
      cursor = page.next();
    } while (cursor != null);
    return ids;
  }

  /** Adds a history line to one job after another (starting at {@code offset}) until {@code ticking} ends. */
  private static Future<Void> tick(JobJournal journal, List<String> ids, int offset,
      Map<String, AtomicInteger> ticks, AtomicBoolean ticking) {
    Promise<Void> done = Promise.promise();
    next(journal, ids, offset, ticks, ticking, done);
    return done.future();
  }

  private static void next(JobJournal journal, List<String> ids, int i, Map<String, AtomicInteger> ticks,
      AtomicBoolean ticking, Promise<Void> done) {
    if (!ticking.get()) {
      done.complete();
      return;
    }
    String id = ids.get(i % ids.size());
    journal.transition(id, r -> r.transition(r.state(), r.upstreamId(), r.lastStatus(), r.retainUntil(), "tick",
        "while a member joins")).onComplete(ar -> {
          if (ar.succeeded() && ar.result().changed()) {
            ticks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          }
          next(journal, ids, i + IN_FLIGHT, ticks, ticking, done);
        });
  }
}
