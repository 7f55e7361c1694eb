package com.sttgateway.recovery;

import static com.sttgateway.recovery.RecoveryTest.FAST;
import static com.sttgateway.recovery.RecoveryTest.audio;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A job recovery gave up on tells its client so: a final status, never "waiting" forever. */
@ExtendWith(VertxExtension.class)
class DeadJobStatusTest {

  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("apikey:right-key".getBytes());

  @TempDir Path dataDir;
  private Simulator simulator;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    if (simulator != null) {
      simulator.close().await();
    }
  }

  @Test
  void aJobParkedAsDeadAnswersItsClientFailedWithTheReason(Vertx vertx) {
    simulator = Simulator.start(vertx, SimulatorOptions.defaults().withApiKey("right-key")).await();
    Map<String, String> env = new HashMap<>(FAST);
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    env.put("GATEWAY_REPLAY_AUTH", "bearer"); // a replay credential the upstream refuses: the job is parked
    env.put("GATEWAY_REPLAY_BEARER_TOKEN", "wrong");
    gateway = Gateway.start(vertx, TestGateway.config(dataDir, env)).await();
    String url = "http://127.0.0.1:" + gateway.port();
    WebClient web = WebClient.create(vertx);
    TestGateway.vouch(url, AUTH);
    simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.health().state() == UpstreamState.DOWN);
    String id = web.postAbs(url + "/v1/recognitions").putHeader("Authorization", AUTH)
        .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(audio(600, 3))).await()
        .bodyAsJsonObject().getString("id");

    simulator.comeBack().await();
    JsonObject status = await().atMost(Duration.ofSeconds(15)).until(() -> web.getAbs(url + "/v1/recognitions/" + id)
        .putHeader("Authorization", AUTH).send().await().bodyAsJsonObject(),
        s -> !"waiting".equals(s.getString("status")));
    assertThat(status.getString("id")).isEqualTo(id);
    assertThat(status.getString("status")).isEqualTo("failed");
    assertThat(status.getString("error")).contains("401");
  }
}
