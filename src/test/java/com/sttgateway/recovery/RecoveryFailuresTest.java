package com.sttgateway.recovery;

import static com.sttgateway.recovery.RecoveryTest.FAST;
import static com.sttgateway.recovery.RecoveryTest.audio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Replays that cannot succeed are parked as dead with their reason; a restart loses no queued job. */
@ExtendWith(VertxExtension.class)
class RecoveryFailuresTest {

  @TempDir Path dataDir;
  private Simulator simulator;
  private Gateway gateway;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("right-key")).await();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    simulator.close().await();
  }

  private Gateway startGateway(Vertx vertx, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(FAST);
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    env.putAll(extra);
    return Gateway.start(vertx, TestGateway.config(dataDir, env)).await();
  }

  /** Submits while the upstream refuses connections, so the job is queued. */
  private String queueJob(String query) {
    TestGateway.vouch("http://127.0.0.1:" + gateway.port(), "Basic " + java.util.Base64.getEncoder()
        .encodeToString("apikey:right-key".getBytes()));
    simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.health().state() == UpstreamState.DOWN);
    return web.postAbs("http://127.0.0.1:" + gateway.port() + "/v1/recognitions" + query)
        .putHeader("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("apikey:right-key"
            .getBytes()))
        .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(audio(600, 1))).await()
        .bodyAsJsonObject().getString("id");
  }

  @Test
  void a401OnReplayParksTheJobAsDeadWithTheReason(Vertx vertx) {
    gateway = startGateway(vertx, Map.of("GATEWAY_REPLAY_AUTH", "bearer", "GATEWAY_REPLAY_BEARER_TOKEN", "wrong"));
    String id = queueJob("");
    simulator.comeBack().await();
    JobRecord dead = await().atMost(Duration.ofSeconds(10)).until(() -> gateway.journal().get(id).await(),
        r -> r.state() == JobState.DEAD);
    assertThat(dead.history().get(dead.history().size() - 1).detail()).contains("401");
    assertThat(simulator.stats().jobsCreated()).isZero();
  }

  @Test
  void aCallbackWhoseServerStopsAnsweringIsRecordedHoldsItsJobsAndIsRegisteredOnceItAnswers(Vertx vertx)
      throws Exception {
    gateway = startGateway(vertx, Map.of());
    AtomicBoolean answering = new AtomicBoolean(true);
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain")
        .end(answering.get() ? req.getParam("challenge_string", "") : "not the challenge")).listen(0).await();
    String url = "http://127.0.0.1:" + receiver.actualPort() + "/notify";
    String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("apikey:right-key".getBytes());
    assertThat(web.postAbs("http://127.0.0.1:" + gateway.port() + "/v1/register_callback?callback_url=" + url)
        .putHeader("Authorization", auth).send().await().statusCode()).isEqualTo(201);
    String plain = queueJob("");
    String withCallback = web.postAbs("http://127.0.0.1:" + gateway.port() + "/v1/recognitions?callback_url=" + url)
        .putHeader("Authorization", auth).putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(audio(700, 2))).await().bodyAsJsonObject().getString("id");
    answering.set(false);
    simulator.wipe(); // the upstream forgets the registration while the client's server has stopped answering
    simulator.comeBack().await();

    // Recorded, never fatal: the other queued job is resubmitted; the one naming the URL waits, attempts untouched.
    await().atMost(Duration.ofSeconds(10)).until(() -> callbackResult(url).startsWith("400"));
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.journal().get(plain).await().state()
        != JobState.QUEUED);
    JobRecord held = gateway.journal().get(withCallback).await();
    assertThat(held.state()).isEqualTo(JobState.QUEUED);
    assertThat(held.attempts()).isEqualTo(1);

    answering.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> callbackResult(url).startsWith("201"));
    assertThat(simulator.stats().allowlistedCallbacks()).contains(url);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.journal().get(withCallback).await().state()
        != JobState.QUEUED);
    assertThat(gateway.callbacks().list().await()).singleElement().satisfies(r -> assertThat(r.history())
        .extracting(JobRecord.HistoryEntry::detail).containsSubsequence("recovery: 400 refused",
            "recovery: 201 created"));
    receiver.close().await();
  }

  private String callbackResult(String url) {
    return gateway.callbacks().list().await().stream().filter(r -> r.url().equals(url)).findFirst()
        .map(r -> r.lastResult()).orElse("");
  }

  @Test
  void aJobThatKeepsFailingIsDeadAfterMaxAttempts(Vertx vertx) {
    gateway = startGateway(vertx, Map.of("GATEWAY_RECOVERY_MAX_ATTEMPTS", "3"));
    String id = queueJob("?results_ttl=not-a-number");
    simulator.comeBack().await();
    JobRecord dead = await().atMost(Duration.ofSeconds(20)).until(() -> gateway.journal().get(id).await(),
        r -> r.state() == JobState.DEAD);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.history().get(dead.history().size() - 1).detail()).contains("gave up after 3 attempts");
    // The first attempt was the client's own submission (queued); two resubmissions followed.
    assertThat(dead.history().stream().filter(h -> h.event().equals("resubmitting")).count()).isEqualTo(2);
  }

  @Test
  void a429StormNeverPushesRecoveryAboveItsRate(Vertx vertx) {
    gateway = startGateway(vertx, Map.of("GATEWAY_RECOVERY_RATE_PER_SECOND", "5",
        "GATEWAY_RECOVERY_CONCURRENCY", "4", "GATEWAY_RECOVERY_MAX_ATTEMPTS", "50"));
    TestGateway.vouch("http://127.0.0.1:" + gateway.port(), "Basic " + java.util.Base64.getEncoder()
        .encodeToString("apikey:right-key".getBytes()));
    simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.health().state() == UpstreamState.DOWN);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(web.postAbs("http://127.0.0.1:" + gateway.port() + "/v1/recognitions").putHeader("Authorization",
          "Basic " + java.util.Base64.getEncoder().encodeToString("apikey:right-key".getBytes()))
          .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(audio(600, 100 + i))).await()
          .bodyAsJsonObject().getString("id"));
    }
    simulator.throttle(0.5, 0); // half of all calls answered 429, Retry-After 0: only our own rate limit paces
    long start = System.nanoTime();
    simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
        .allMatch(id -> gateway.journal().get(id).await().upstreamId() != null)); // submitted (or completed since)
    double seconds = (System.nanoTime() - start) / 1e9;
    long calls = simulator.stats().jobsCreated() + simulator.stats().throttled();
    assertThat(simulator.stats().jobsCreated()).isEqualTo(8);
    assertThat(simulator.stats().throttled()).isPositive();
    // Every resubmission and every 429 went through the limiter; health probes carry no credentials and are
    // throttled too, so allow them on top: one probe per 100 ms.
    assertThat(calls).isLessThanOrEqualTo((long) Math.ceil(5 * seconds) + 1 + (long) Math.ceil(seconds * 10));
  }

  @Test
  void aGatewayRestartedWhileTheUpstreamIsDownRecoversOnceItReturns(Vertx vertx) {
    gateway = startGateway(vertx, Map.of());
    String id = queueJob("");
    gateway.close().await();
    gateway = startGateway(vertx, Map.of());
    gateway.journal().index().whenComplete().await(); // the index is rebuilt while the gateway serves
    assertThat(gateway.journal().get(id).await().state()).isEqualTo(JobState.QUEUED);
    simulator.comeBack().await();
    JobRecord submitted = await().atMost(Duration.ofSeconds(10)).until(() -> gateway.journal().get(id).await(),
        r -> r.state() == JobState.SUBMITTED);
    assertThat(submitted.upstreamId()).isNotNull().isNotEqualTo(id);
    assertThat(simulator.stats().jobsCreated()).isEqualTo(1);
  }
}
