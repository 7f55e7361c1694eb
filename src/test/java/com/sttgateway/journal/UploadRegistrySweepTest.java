package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 item 5: the sweeper aborts incomplete uploads no live member owns, never one still being written. */
@ExtendWith(VertxExtension.class)
class UploadRegistrySweepTest {

  private static final int PART = 5 << 20;

  @TempDir static Path dir;
  static JournalFixture fixture;
  static HazelcastInstance member;

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

  @Test
  void anUploadOlderThanTheAgeIsKeptWhileItsOwnerWritesItAndOrphansAreAborted(Vertx vertx) {
    ObjectStore store = fixture.newStore();
    UploadRegistry registry = new UploadRegistry(vertx, member);
    JobJournal journal = new JobJournal(vertx, store, member, TestRecords.SEAL);
    RetentionSweeper sweeper = new RetentionSweeper(vertx, journal, store, RetentionSweeperTest.CONFIG, registry);
    Context context = vertx.getOrCreateContext();
    ObjectSink live = new ObjectSink(store.parts(), new UploadBudget(4L * PART), registry, "audio/live",
        "audio/wav", null, PART);
    Buffer first = Buffer.buffer(TestStreams.randomBytes(PART + 1000));
    context.runOnContext(v -> live.write(first)); // one part sent: the multipart upload is under way
    store.parts().start("audio/orphan", "audio/wav", null).await(); // no owner recorded
    String departed = store.parts().start("audio/departed", "audio/wav", null).await();
    registry.register(departed).await();
    member.<String, String>getMap(UploadRegistry.MAP).put(departed, new JsonObject()
        .put("member", UUID.randomUUID().toString()).put("started", "2026-01-01T00:00:00Z").encode());
    await().atMost(Duration.ofSeconds(20)).until(() -> store.incompleteUploads("audio/").await().size() == 3);

    RetentionSweeper.SweepResult swept = sweeper.sweepOnce(RetentionSweeperTest.LATER).await();

    assertThat(swept.abortedUploads()).isEqualTo(2);
    assertThat(store.incompleteUploads("audio/").await()).extracting(ObjectStore.IncompleteUpload::key)
        .containsExactly("audio/live");
    Buffer last = Buffer.buffer(TestStreams.randomBytes(3000));
    context.runOnContext(v -> {
      live.write(last);
      live.end();
    });
    live.result().await();
    assertThat(store.stat("audio/live").await().size()).isEqualTo(PART + 1000 + 3000);
    assertThat(store.incompleteUploads("").await()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> member.getMap(UploadRegistry.MAP).isEmpty());
  }

  @Test
  void withoutARegistryEveryOldIncompleteUploadIsAbandoned(Vertx vertx) {
    ObjectStore store = fixture.newStore();
    RetentionSweeper sweeper = new RetentionSweeper(vertx, new JobJournal(vertx, store, member, TestRecords.SEAL), store,
        RetentionSweeperTest.CONFIG);
    store.parts().start("audio/any", "audio/wav", null).await();

    assertThat(sweeper.sweepOnce(RetentionSweeperTest.LATER).await().abortedUploads()).isEqualTo(1);
    assertThat(store.incompleteUploads("").await()).isEmpty();
  }
}
