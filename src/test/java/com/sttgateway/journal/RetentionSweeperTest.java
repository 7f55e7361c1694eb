package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the retention sweeper removes, and above all what it keeps. */
@ExtendWith(VertxExtension.class)
class RetentionSweeperTest {

  static final int ABANDONED_MINUTES = 60;
  /** As of this instant every object written by a test is older than the abandoned-upload age. */
  static final Instant LATER = Instant.now().plus(Duration.ofMinutes(ABANDONED_MINUTES + 30));
  static final GatewayConfig.Journal CONFIG =
      new GatewayConfig.Journal(Secret.NONE, false, 1 << 30, 5 << 20, 8, 60, 1440, 10080, ABANDONED_MINUTES, 300);

  @TempDir static Path dir;
  static JournalFixture fixture;
  static HazelcastInstance member;
  ObjectStore store;
  JobJournal journal;
  RetentionSweeper sweeper;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = JournalFixture.start(vertx, dir);
    member = JournalFixture.member();
  }

  @AfterAll
  static void stop() throws Exception {
    member.shutdown();
    fixture.close();
  }

  @BeforeEach
  void emptyJournal(Vertx vertx) {
    member.getMap(JobJournal.MAP).clear();
    store = fixture.newStore();
    journal = new JobJournal(vertx, store, member, TestRecords.SEAL);
    sweeper = new RetentionSweeper(vertx, journal, store, CONFIG);
  }

  @Test
  void removesExpiredTombstonesWithAnyAudioLeftAndKeepsUnexpiredOnes() {
    Instant now = Instant.now();
    JobRecord retrieved = journaled(TestRecords.record(JobState.RETRIEVED, "t", now.minusSeconds(1)), true);
    JobRecord deleted = journaled(TestRecords.record(JobState.DELETED, "t", now.minusSeconds(60)), false);
    JobRecord fresh = journaled(TestRecords.record(JobState.RETRIEVED, "t", now.plusSeconds(3600)), false);
    String relayed = JobObjects.deliveries(retrieved.clientId());
    store.putJson(relayed, new io.vertx.core.json.JsonObject().put("events", new io.vertx.core.json.JsonArray()))
        .await();

    RetentionSweeper.SweepResult result = sweeper.sweepOnce(now).await();

    assertThat(result).isEqualTo(new RetentionSweeper.SweepResult(2, 0, 0, 0, 0));
    assertThat(journal.get(retrieved.clientId()).await()).isNull();
    assertThat(journal.get(deleted.clientId()).await()).isNull();
    assertThat(store.stat(retrieved.audioKey()).await()).isNull();
    assertThat(store.stat(relayed).await()).isNull();
    assertThat(store.list("jobs/").await()).containsExactly(JobObjects.record(fresh.clientId()));
    assertThat(journal.get(fresh.clientId()).await()).isEqualTo(fresh);
  }

  @Test
  void removesTheAudioOfExpiredFailedJobsButKeepsTheirRecords() {
    Instant now = Instant.now();
    JobRecord expired = journaled(TestRecords.record(JobState.FAILED, "t", now.minusSeconds(1)), true);
    JobRecord retained = journaled(TestRecords.record(JobState.FAILED, "t", now.plusSeconds(3600)), true);

    assertThat(sweeper.sweepOnce(now).await()).isEqualTo(new RetentionSweeper.SweepResult(0, 1, 0, 0, 0));
    assertThat(sweeper.sweepOnce(now).await().total()).isZero();

    assertThat(store.stat(expired.audioKey()).await()).isNull();
    assertThat(journal.get(expired.clientId()).await()).isEqualTo(expired);
    assertThat(store.stat(retained.audioKey()).await()).isNotNull();
  }

  @Test
  void dropsJournaledResultsPastTheirResultsTtlAndKeepsTheOthers() {
    Instant now = Instant.now();
    JobRecord expired = journaled(TestRecords.record(JobState.COMPLETED, "t", now.minusSeconds(1)), true);
    JobRecord fresh = journaled(TestRecords.record(JobState.COMPLETED, "t", now.plusSeconds(3600)), true);
    for (JobRecord r : List.of(expired, fresh)) {
      store.putJson(JobObjects.results(r.clientId()), new io.vertx.core.json.JsonObject().put("id", r.clientId()))
          .await();
    }

    assertThat(sweeper.sweepOnce(now).await()).isEqualTo(new RetentionSweeper.SweepResult(0, 0, 1, 0, 0));

    JobRecord gone = journal.get(expired.clientId()).await();
    assertThat(gone.state()).isEqualTo(JobState.DELETED);
    assertThat(gone.history().get(gone.history().size() - 1).event()).isEqualTo("expired");
    assertThat(gone.retainUntil()).isAfter(now.plus(Duration.ofHours(23))); // a tombstone for a day (CONFIG)
    assertThat(store.stat(JobObjects.results(expired.clientId())).await()).isNull();
    assertThat(store.stat(expired.audioKey()).await()).isNull();
    assertThat(journal.get(fresh.clientId()).await()).isEqualTo(fresh);
    assertThat(store.stat(JobObjects.results(fresh.clientId())).await()).isNotNull();
    assertThat(store.stat(fresh.audioKey()).await()).isNotNull();
  }

  @Test
  void abortsUploadsAbandonedLongerThanTheConfiguredAge() {
    CountDownLatch release = new CountDownLatch(1);
    Future<Long> stalled = store.upload("audio/stalled",
        new TestStreams.HangingStream(TestStreams.randomBytes(11 << 20), release), "audio/wav", null, 5 << 20);
    await().atMost(Duration.ofSeconds(20)).until(() -> !store.incompleteUploads("audio/").await().isEmpty());

    assertThat(sweeper.sweepOnce(Instant.now()).await().abortedUploads()).isZero();
    assertThat(sweeper.sweepOnce(LATER).await().abortedUploads()).isEqualTo(1);

    release.countDown();
    assertThatThrownBy(stalled::await).isNotNull();
    assertThat(store.incompleteUploads("").await()).isEmpty();
    assertThat(store.list("").await()).isEmpty();
  }

  @Test
  void removesOldAudioNoRecordRefersToOnceItWasUnreferencedInTwoSweeps() {
    JobRecord job = journaled(TestRecords.record(JobState.SUBMITTED), true);
    audio("audio/crashed-before-record");

    assertThat(sweeper.sweepOnce(Instant.now()).await().total()).isZero();
    assertThat(sweeper.sweepOnce(Instant.now()).await().total()).isZero(); // too young
    assertThat(sweeper.sweepOnce(LATER).await().orphanedAudio()).isZero(); // first seen unreferenced
    assertThat(sweeper.sweepOnce(LATER).await().orphanedAudio()).isEqualTo(1);

    assertThat(store.list("audio/").await()).containsExactly(job.audioKey());
  }

  @Test
  void aRecordWrittenBetweenTwoSweepsSavesItsAudio() {
    JobRecord late = TestRecords.record(JobState.SUBMITTED);
    audio(late.audioKey());

    assertThat(sweeper.sweepOnce(LATER).await().orphanedAudio()).isZero();
    journal.create(late).await();
    assertThat(sweeper.sweepOnce(LATER).await().orphanedAudio()).isZero();

    assertThat(store.stat(late.audioKey()).await()).isNotNull();
  }

  @Test
  void neverRemovesTheAudioOfAnUnfinishedJob() {
    List<JobRecord> unfinished = new ArrayList<>();
    for (JobState state : JobState.unfinishedStates()) {
      // Even with a retention time in the past, which no unfinished job should have; but a COMPLETED job's is its
      // results_ttl, after which it is finished by expiry (tested above), so it gets one still running.
      Instant retain = state == JobState.COMPLETED ? LATER.plusSeconds(3600) : Instant.now().minusSeconds(3600);
      unfinished.add(journaled(TestRecords.record(state, "t", retain), true));
    }
    audio("audio/orphan");

    sweeper.sweepOnce(LATER).await();
    RetentionSweeper.SweepResult second = sweeper.sweepOnce(LATER).await();

    assertThat(second.orphanedAudio()).isEqualTo(1); // the sweep did run
    for (JobRecord r : unfinished) {
      assertThat(store.stat(r.audioKey()).await()).as(r.state().json()).isNotNull();
      assertThat(journal.get(r.clientId()).await()).isEqualTo(r);
    }
  }

  @Test
  void leavesUnreferencedAudioAloneWhileTheIndexLacksAStoredRecord() {
    JobRecord r = journaled(TestRecords.record(JobState.QUEUED), true);
    member.getMap(JobJournal.MAP).clear(); // as on a member that has not reloaded

    sweeper.sweepOnce(LATER).await();
    sweeper.sweepOnce(LATER).await();

    assertThat(store.stat(r.audioKey()).await()).isNotNull();
  }

  @Test
  void runsOnATimerOneSweepAtATime(Vertx vertx) {
    JobRecord expired = journaled(TestRecords.record(JobState.RETRIEVED, "t", Instant.now().minusSeconds(1)), true);
    sweeper.start(50);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> journal.get(expired.clientId()).await() == null);
    } finally {
      sweeper.stop();
    }
    assertThat(store.stat(expired.audioKey()).await()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> !sweeper.sweeping());

    Future<RetentionSweeper.SweepResult> first = sweeper.sweepOnce(Instant.now());
    assertThatThrownBy(() -> sweeper.sweepOnce(Instant.now()).await()).hasMessageContaining("already running");
    assertThat(first.await().total()).isZero();
  }

  private JobRecord journaled(JobRecord r, boolean withAudio) {
    if (withAudio) {
      audio(r.audioKey());
    }
    journal.create(r).await();
    return r;
  }

  private void audio(String key) {
    store.upload(key, new ByteArrayInputStream(TestStreams.randomBytes(1000)), "audio/wav", null, 5 << 20).await();
  }
}
