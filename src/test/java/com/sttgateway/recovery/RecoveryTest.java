package com.sttgateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognitionJob;
import com.ibm.watson.speech_to_text.v1.model.RegisterCallbackOptions;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** P3, P5, P6 end to end: after an outage every unfinished job finishes under its original id. */
@ExtendWith(VertxExtension.class)
class RecoveryTest {

  /** Fast health and recovery settings, so outages are noticed within a few hundred milliseconds. */
  static final Map<String, String> FAST = Map.of(
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "100");

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  private void start(Vertx vertx, SimulatorOptions sim, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(FAST);
    settings.putAll(extra);
    env = TestGateway.start(vertx, dataDir, sim, settings);
  }

  @Test
  void everyJobLostInAWipeCompletesUnderItsOriginalIdResubmittedExactlyOnce(Vertx vertx) throws Exception {
    // Jobs wait 10 s upstream: on a loaded machine (load 26 in one run) submitting 50 took over 3 s, the first
    // ones completed before the wipe, were not lost, and were rightly not resubmitted.
    start(vertx, SimulatorOptions.defaults().withWaiting(Duration.ofSeconds(10)).withProcessing(Duration.ofMillis(100)),
        Map.of());
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain").end(req.getParam("challenge_string", ""))).listen(0).await();
    String callback = "http://127.0.0.1:" + receiver.actualPort() + "/notify";
    SpeechToText stt = sdk();
    stt.registerCallback(new RegisterCallbackOptions.Builder().callbackUrl(callback).userSecret("sec").build())
        .execute();

    Map<String, String> shaById = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      byte[] audio = audio(1_000 + i, i);
      CreateJobOptions.Builder job = new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio))
          .contentType("audio/wav");
      if (i % 2 == 0) {
        job.callbackUrl(callback).userToken("job-" + i);
      }
      shaById.put(stt.createJob(job.build()).execute().getResult().getId(), sha256(audio));
    }
    env.simulator.wipe();

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (Map.Entry<String, String> e : shaById.entrySet()) {
        RecognitionJob job = stt.checkJob(new CheckJobOptions.Builder(e.getKey()).build()).execute().getResult();
        assertThat(job.getId()).isEqualTo(e.getKey());
        assertThat(job.getStatus()).as(e.getKey()).isEqualTo("completed");
        assertThat(job.getResults().get(0).getResults().get(0).getAlternatives().get(0).getTranscript())
            .isEqualTo("sha256:" + e.getValue());
      }
    });
    assertThat(env.simulator.stats().allowlistedCallbacks()).contains(callback);
    Map<String, Long> created = env.simulator.stats().jobsCreatedByAudioSha256();
    shaById.values().forEach(sha -> assertThat(created.get(sha)).as("creations of " + sha).isEqualTo(2L));
  }

  @Test
  void anOutageThatLosesNothingResubmitsNothing(Vertx vertx) throws Exception {
    start(vertx, SimulatorOptions.defaults().withWaiting(Duration.ofSeconds(2)), Map.of());
    SpeechToText stt = sdk();
    for (int i = 0; i < 5; i++) {
      stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio(500, i)))
          .contentType("audio/wav").build()).execute();
    }
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    env.simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.UP
        && env.gateway.recovery().lastRun().getString("trigger", "").equals("upstream came back"));
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(5);
  }

  @Test
  void submissionsWhileDownAreQueuedThenSubmittedWhenItReturns(Vertx vertx) throws Exception {
    start(vertx, SimulatorOptions.defaults(), Map.of());
    TestGateway.vouch(env.url());
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    byte[] audio = audio(800, 9);
    RecognitionJob queued = sdk().createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/wav").build()).execute().getResult();
    assertThat(queued.getStatus()).isEqualTo("waiting");
    assertThat(env.gateway.journal().get(queued.getId()).await().state()).isEqualTo(JobState.QUEUED);

    env.simulator.comeBack().await();
    RecognitionJob done = await().atMost(Duration.ofSeconds(15)).until(() -> sdk().checkJob(
        new CheckJobOptions.Builder(queued.getId()).build()).execute().getResult(),
        j -> "completed".equals(j.getStatus()));
    assertThat(done.getId()).isEqualTo(queued.getId());
    assertThat(done.getResults().get(0).getResults().get(0).getAlternatives().get(0).getTranscript())
        .isEqualTo("sha256:" + sha256(audio));
    JobRecord record = env.gateway.journal().get(queued.getId()).await();
    assertThat(record.history()).anySatisfy(h -> assertThat(h.event()).isEqualTo("resubmitted"));
  }

  @Test
  void aJobCompletedButNotFetchedSurvivesAWipeWithoutASecondRecognition(Vertx vertx) throws Exception {
    start(vertx, SimulatorOptions.defaults().withWaiting(Duration.ofMillis(50)).withProcessing(Duration.ofMillis(50)),
        Map.of());
    byte[] audio = audio(700, 11);
    String id = sdk().createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(audio))
        .contentType("audio/wav").resultsTtl(5L).build()).execute().getResult().getId();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> env.gateway.journal().get(id).await().state() == JobState.COMPLETED);
    JobRecord copied = env.gateway.journal().get(id).await();
    // Kept no longer than the upstream keeps them: results_ttl (5 min) from when the job finished.
    assertThat(copied.retainUntil())
        .isEqualTo(Instant.parse(copied.lastStatus().getString("updated")).plus(Duration.ofMinutes(5)));
    env.simulator.wipe();

    RecognitionJob job = sdk().checkJob(new CheckJobOptions.Builder(id).build()).execute().getResult();
    assertThat(job.getStatus()).isEqualTo("completed");
    assertThat(job.getResults().get(0).getResults().get(0).getAlternatives().get(0).getTranscript())
        .isEqualTo("sha256:" + sha256(audio));
    assertThat(env.simulator.stats().jobsCreatedByAudioSha256().get(sha256(audio))).isEqualTo(1L);
    assertThat(env.gateway.journal().get(id).await().state()).isEqualTo(JobState.RETRIEVED);
  }

  private SpeechToText sdk() {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("x").build());
    stt.setServiceUrl(env.url());
    return stt;
  }

  static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
