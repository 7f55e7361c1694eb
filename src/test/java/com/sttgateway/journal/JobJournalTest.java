package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Job records: durable in the object store, indexed in a real Hazelcast member, rebuilt at cold start. */
@ExtendWith(VertxExtension.class)
class JobJournalTest {

  @TempDir static Path dir;
  static JournalFixture fixture;
  static HazelcastInstance member;
  ObjectStore store;
  JobJournal journal;

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
  }

  @Test
  void aSavedRecordIsInTheStoreAndFoundByIdUpstreamIdStateAndTenant() {
    JobRecord submitted = TestRecords.record(JobState.SUBMITTED, "tenant-a", null);
    JobRecord queued = TestRecords.record(JobState.QUEUED, "tenant-a", null);
    JobRecord otherTenant = TestRecords.record(JobState.SUBMITTED, "tenant-b", null);
    for (JobRecord r : new JobRecord[] {submitted, queued, otherTenant}) {
      journal.create(r).await();
    }

    assertThat(store.getJson("jobs/" + submitted.clientId() + "/record.json").await()).isEqualTo(submitted.toJson());
    assertThat(journal.get(submitted.clientId()).await()).isEqualTo(submitted);
    assertThat(journal.get("no-such-job").await()).isNull();
    assertThat(journal.findByUpstreamId(submitted.upstreamId()).await()).isEqualTo(submitted);
    assertThat(journal.findByUpstreamId("no-such-upstream-id").await()).isNull();
    assertThat(journal.findByUpstreamId(null).await()).isNull(); // never the queued job
    assertThat(journal.findByUpstreamIds(java.util.List.of(submitted.upstreamId(), otherTenant.upstreamId(),
        "no-such-upstream-id")).await()).containsExactlyInAnyOrder(submitted, otherTenant);
    assertThat(journal.findByState(EnumSet.of(JobState.SUBMITTED)).await())
        .containsExactlyInAnyOrder(submitted, otherTenant);
    assertThat(journal.findByState(EnumSet.of(JobState.SUBMITTED, JobState.QUEUED)).await()).hasSize(3);
    assertThat(journal.findByState(Set.of()).await()).isEmpty();
    assertThat(journal.findByTenant("tenant-a", JobState.unfinishedStates()).await())
        .containsExactly(submitted, queued);
    assertThat(journal.findByTenant("tenant-b", EnumSet.of(JobState.QUEUED)).await()).isEmpty();
    IMap<String, Object> map = member.getMap(JobJournal.MAP);
    // The compact stored form: a fraction of the record's JSON.
    assertThat(map.get(submitted.clientId())).isInstanceOfSatisfying(byte[].class, entry -> assertThat(entry.length)
        .isLessThan(submitted.toJson().encode().length() / 2));
  }

  @Test
  void aTransitionReplacesTheRecordEverywhere() {
    JobRecord queued = TestRecords.record(JobState.QUEUED);
    journal.create(queued).await();
    JobRecord submitted = queued.transition(JobState.SUBMITTED, "up-1", new JsonObject().put("status", "waiting"),
        null, "resubmitted", "upstream back");
    JobJournal.Change change = journal.transition(queued.clientId(), now -> submitted).await();
    assertThat(change.changed()).isTrue();
    assertThat(change.before()).isEqualTo(queued);

    assertThat(journal.get(queued.clientId()).await()).isEqualTo(submitted);
    assertThat(journal.findByState(EnumSet.of(JobState.QUEUED)).await()).isEmpty();
    assertThat(journal.findByUpstreamId("up-1").await()).isEqualTo(submitted);
    assertThat(JobRecord.fromJson(store.getJson(JobObjects.record(queued.clientId())).await())).isEqualTo(submitted);
  }

  @Test
  void aDropRemovesEveryObjectOfTheJobAndItsIndexEntry() {
    JobRecord r = TestRecords.record(JobState.RETRIEVED);
    store.upload(r.audioKey(), new ByteArrayInputStream(new byte[100]), "audio/wav", null, 5 << 20).await();
    store.putJson(JobObjects.results(r.clientId()), new JsonObject()).await();
    store.putJson(JobObjects.deliveries(r.clientId()), new JsonObject()).await();
    journal.create(r).await();

    journal.drop(r).await();
    journal.drop(r).await();

    assertThat(journal.get(r.clientId()).await()).isNull();
    assertThat(store.list("").await()).isEmpty();
  }

  @Test
  void anIndexEntryWrittenWithoutTheJournalKeyIsNeverActedOnAndIsRepairedFromTheStore() {
    JobRecord r = TestRecords.record(JobState.QUEUED, "tenant-a", null);
    journal.create(r).await();
    IMap<String, byte[]> map = member.getMap(JobJournal.MAP);
    // A peer without the journal key: once unsealed, once garbage, once sealed under another key.
    map.put(r.clientId(), EntryCodec.pack(r.toJson().put("tenant", "attacker").encode()));
    assertThat(journal.findByTenant("attacker", EnumSet.of(JobState.QUEUED)).await()).isEmpty();
    assertThat(journal.get(r.clientId()).await()).isEqualTo(r);
    map.put(r.clientId(), "not an entry".getBytes(StandardCharsets.UTF_8));
    assertThat(journal.findByTenant("attacker", EnumSet.of(JobState.QUEUED)).await()).isEmpty();
    assertThat(journal.get(r.clientId()).await()).isEqualTo(r);
    map.put(r.clientId(), new IndexSeal(new byte[] {1, 2, 3}).value(r.transition(JobState.DELETED, null, null,
        null, "deleted", "forged")));
    assertThat(journal.transition(r.clientId(), now -> now).await().after()).isEqualTo(r);
    assertThat(journal.findByTenant("tenant-a", EnumSet.of(JobState.QUEUED)).await()).containsExactly(r);
  }

  @Test
  void concurrentTransitionsOfOneJobAllApplyInOrderAndTheStoreEndsWithTheLast() {
    JobRecord r = TestRecords.record(JobState.QUEUED);
    journal.create(r).await();
    java.util.List<io.vertx.core.Future<JobJournal.Change>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(journal.transition(r.clientId(), now -> now.withAttempts(now.attempts() + 1)));
    }
    io.vertx.core.Future.all(all).await();
    assertThat(journal.get(r.clientId()).await().attempts()).isEqualTo(r.attempts() + 20);
    assertThat(JobRecord.fromJson(store.getJson(JobObjects.record(r.clientId())).await()).attempts())
        .isEqualTo(r.attempts() + 20);
  }

  @Test
  void aNewMemberKnowsEveryRecordAfterReloadingFromTheStore(Vertx vertx) {
    JobRecord a = TestRecords.record(JobState.SUBMITTED, "tenant-a", null);
    JobRecord b = TestRecords.record(JobState.QUEUED, "tenant-b", null);
    JobRecord c = TestRecords.record(JobState.FAILED, "tenant-a", null);
    for (JobRecord r : new JobRecord[] {a, b, c}) {
      journal.create(r).await();
    }
    HazelcastInstance fresh = JournalFixture.member();
    try {
      JobJournal coldStart = new JobJournal(vertx, store, fresh, TestRecords.SEAL);
      assertThat(coldStart.get(a.clientId()).await()).isNull();

      assertThat(coldStart.reload().await()).isEqualTo(3);

      assertThat(coldStart.get(a.clientId()).await()).isEqualTo(a);
      assertThat(coldStart.findByUpstreamId(c.upstreamId()).await()).isEqualTo(c);
      assertThat(coldStart.findByState(EnumSet.of(JobState.QUEUED)).await()).containsExactly(b);
      assertThat(coldStart.findByTenant("tenant-a", EnumSet.allOf(JobState.class)).await()).containsExactly(a, c);
    } finally {
      fresh.shutdown();
    }
  }

  @Test
  void reloadSkipsCorruptRecordsAndIndexesTheRest(Vertx vertx) {
    JobRecord good = TestRecords.record(JobState.SUBMITTED);
    journal.create(good).await();
    byte[] garbage = "{\"version\":1,\"clientId\":".getBytes(StandardCharsets.UTF_8);
    store.upload("jobs/truncated/record.json", new ByteArrayInputStream(garbage), "application/json", null, 5 << 20)
        .await();
    store.putJson("jobs/future/record.json", new JsonObject().put("version", 2).put("clientId", "future")).await();
    store.putJson("jobs/missing-fields/record.json", new JsonObject().put("version", 1)).await();
    member.getMap(JobJournal.MAP).clear();

    assertThat(journal.reload().await()).isEqualTo(1);

    assertThat(journal.get(good.clientId()).await()).isEqualTo(good);
    assertThat(journal.findByState(EnumSet.allOf(JobState.class)).await()).containsExactly(good);
  }

  @Test
  void reloadFromTheEmbeddedStoresFolderIndexesWhatTheS3ServerServes(Vertx vertx) {
    JobRecord a = TestRecords.record(JobState.SUBMITTED);
    JobRecord b = TestRecords.record(JobState.QUEUED);
    journal.create(a).await();
    journal.create(b).await();
    store.putJson("jobs/missing-fields/record.json", new JsonObject().put("version", 1)).await();
    store.putJson("jobs/" + a.clientId() + "/results.json", new JsonObject()).await(); // not a record
    member.getMap(JobJournal.MAP).clear();

    JobJournal fromFolder = new JobJournal(vertx, fixture.folderStore(store), member, TestRecords.SEAL);
    assertThat(fromFolder.reload().await()).isEqualTo(2);

    assertThat(journal.findByState(EnumSet.allOf(JobState.class)).await()).containsExactly(a, b);
    assertThat(journal.get(a.clientId()).await()).isEqualTo(a);
  }

  @Test
  void reloadFailsWhenTheStoreCannotBeRead(Vertx vertx) {
    var io = vertx.createSharedWorkerExecutor("journal-io");
    ObjectStore missingBucket = new ObjectStore("http://127.0.0.1:9", "k", "s", "us-east-1", "none", io, io);

    assertThatThrownBy(() -> new JobJournal(vertx, missingBucket, member, TestRecords.SEAL).reload().await())
        .hasStackTraceContaining("Connection refused");
  }

  @Test
  void referencedAudioKeysRefusesToAnswerWhileTheIndexLacksAStoredRecord(Vertx vertx) {
    JobRecord r = TestRecords.record(JobState.SUBMITTED);
    journal.create(r).await();
    assertThat(journal.referencedAudioKeys().await()).containsExactly(r.audioKey());

    member.getMap(JobJournal.MAP).clear();

    assertThatThrownBy(() -> journal.referencedAudioKeys().await())
        .hasMessageContaining("the index lacks 1 journaled record(s), e.g. jobs/" + r.clientId() + "/record.json");
  }

  @Test
  void ownedJobsWalkTheSummariesForTheNewestARandomAndEveryJobInAState() {
    List<JobRecord> submitted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      JobRecord s = TestRecords.record(JobState.SUBMITTED);
      journal.create(s).await();
      submitted.add(s);
      journal.create(TestRecords.record(JobState.QUEUED)).await();
    }
    OwnedJobs owned = new OwnedJobs(journal);
    Set<String> ids = submitted.stream().map(JobRecord::clientId).collect(Collectors.toSet());

    // The summaries follow the index a few milliseconds late.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(owned.newest(JobState.SUBMITTED, 5).await()).containsExactlyElementsOf(submitted.subList(25, 30)));
    Set<String> drawn = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      JobRecord one = owned.anyOne(JobState.SUBMITTED).await();
      assertThat(one.state()).isEqualTo(JobState.SUBMITTED);
      drawn.add(one.clientId());
    }
    assertThat(ids).containsAll(drawn);
    assertThat(drawn).hasSizeGreaterThan(5); // not always the same few
    assertThat(owned.anyOne(JobState.DEAD).await()).isNull();
    assertThat(owned.newest(JobState.DEAD, 5).await()).isEmpty();

    List<JobRecord> walked = new ArrayList<>();
    OwnedJobs.Page page = owned.page(JobState.SUBMITTED, null, 7).await();
    walked.addAll(page.jobs());
    while (page.next() != null) {
      page = owned.page(JobState.SUBMITTED, page.next(), 7).await();
      walked.addAll(page.jobs());
    }
    assertThat(walked).containsExactlyElementsOf(submitted); // oldest first, each once, the queued ones left out
    assertThat(owned.page(JobState.DEAD, null, 7).await().jobs()).isEmpty();
  }
}
