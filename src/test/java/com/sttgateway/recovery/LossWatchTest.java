package com.sttgateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.simulator.SimulatorStats;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loss is noticed without polling every job: with more unfinished jobs than the upstream lists, steady-state checking
 * stays near one upstream call a second (counted at the simulator), and a wipe or a partial loss is still found and
 * every lost job resubmitted exactly once.
 */
@ExtendWith(VertxExtension.class)
class LossWatchTest {

  private static final int JOBS = 150; // more than the upstream's list shows (100)
  /** The old recovery polled every job every run: at 20 calls/s these settings would cost about 20 calls/s. */
  private static final Map<String, String> SETTINGS = Map.of(
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "2",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "100");

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void steadyStateCostsAboutOneCallASecondAndAPartialLossIsStillFound(Vertx vertx) {
    start(vertx);
    submit(vertx, JOBS);
    SimulatorStats before = env.simulator.stats();
    long started = System.nanoTime();
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true); // a window to count
    double seconds = (System.nanoTime() - started) / 1e9;
    SimulatorStats after = env.simulator.stats();
    double perSecond = (after.jobChecks() + after.jobLists() - before.jobChecks() - before.jobLists()) / seconds;
    assertThat(perSecond).as("upstream status and list calls per second with %d unfinished jobs", JOBS)
        .isLessThanOrEqualTo(1.2);
    assertThat(after.jobsCreated()).isEqualTo(JOBS); // nothing resubmitted while nothing was lost

    int lost = 15;
    assertThat(env.simulator.forget(lost)).isEqualTo(lost);
    await().atMost(Duration.ofSeconds(90)).until(() -> env.simulator.stats().jobsCreated() == JOBS + lost);
    await().atMost(Duration.ofSeconds(30)).until(() -> env.gateway.journal().findByState(
        EnumSet.of(JobState.QUEUED)).await().isEmpty() && env.gateway.recovery().progress().toJson()
        .getValue("current") == null);
    assertThat(env.simulator.stats().jobsCreated()).as("only the lost jobs, each once").isEqualTo(JOBS + lost);
    assertThat(env.simulator.stats().jobsKnown()).isEqualTo(JOBS);
  }

  @Test
  void aWipeIsNoticedAndTheFirstResubmissionComesWithinFifteenSeconds(Vertx vertx) {
    start(vertx);
    submit(vertx, JOBS);
    env.simulator.wipe();
    long wiped = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> env.simulator.stats().jobsCreated() > JOBS);
    double firstAfter = (System.nanoTime() - wiped) / 1e9;
    assertThat(firstAfter).as("seconds from the wipe to the first resubmission").isLessThanOrEqualTo(15);
    await().atMost(Duration.ofSeconds(120)).until(() -> env.simulator.stats().jobsKnown() == JOBS);
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(2L * JOBS);
  }

  private void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults().withWaiting(Duration.ofMinutes(30)),
        SETTINGS);
    // on a loaded machine the first probe can time out: submissions would then be refused, not journaled
    await().atMost(Duration.ofSeconds(30)).until(() -> env.gateway.health().state() == UpstreamState.UP);
  }

  /** {@code n} jobs through the gateway, ten at a time; each must be accepted upstream. */
  private void submit(Vertx vertx, int n) {
    WebClient web = WebClient.create(vertx);
    for (int i = 0; i < n; i += 10) {
      List<Future<?>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 10); j++) {
        batch.add(web.postAbs(env.url() + "/v1/recognitions").putHeader("Authorization", TestGateway.AUTH)
            .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(RecoveryTest.audio(300, j)))
            .map(r -> {
              assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
              return r;
            }));
      }
      Future.all(batch).await();
    }
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(n);
  }
}
