package com.sttgateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, item 2: one journaled job with a malformed query must not stop recovery for every other tenant. */
@ExtendWith(VertxExtension.class)
class MalformedJournalTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aQueuedJobWithAMalformedQueryLeavesTheOthersToBeResubmitted(Vertx vertx) {
    Map<String, String> settings = new java.util.HashMap<>(RecoveryTest.FAST);
    settings.putAll(Map.of("GATEWAY_REPLAY_AUTH", "basic", "GATEWAY_REPLAY_USERNAME", "apikey",
        "GATEWAY_REPLAY_PASSWORD", "x"));
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), settings);
    // Journaled by an older version that did not check queries; created in this order, so the bad one goes first.
    JobRecord bad = queued("callback_url=%");
    JobRecord alsoBad = queued("%zz=1");
    JobRecord good = queued("model=en-US_BroadbandModel");

    await().atMost(Duration.ofSeconds(20)).until(() -> env.gateway.journal().get(good.clientId()).await().state()
        == JobState.SUBMITTED);
    assertThat(env.simulator.stats().jobsCreated()).isGreaterThanOrEqualTo(1);
    assertThat(env.gateway.journal().get(bad.clientId()).await()).isNotNull();
    assertThat(env.gateway.journal().get(alsoBad.clientId()).await()).isNotNull();
  }

  private JobRecord queued(String query) {
    String id = UUID.randomUUID().toString();
    String audioKey = JobObjects.audio(UUID.randomUUID().toString());
    byte[] audio = RecoveryTest.audio(900, id.hashCode());
    env.gateway.store().upload(audioKey, new ByteArrayInputStream(audio), "audio/wav", null, 5 << 20).await();
    Instant now = Instant.now();
    JobRecord r = new JobRecord(id, null, JobState.QUEUED, com.sttgateway.upstream.Vouches.fingerprint(
        TestGateway.AUTH), null, "", query, Map.of("Content-Type", "audio/wav"), audioKey, audio.length,
        "ab".repeat(32), now, now, 1, new JsonObject().put("id", id).put("status", "waiting"), null, List.of(),
        null);
    env.gateway.journal().create(r).await();
    return r;
  }
}
