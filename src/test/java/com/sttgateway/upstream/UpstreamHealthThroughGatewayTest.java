package com.sttgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monitor inside a real gateway: passive signals from proxied traffic, and its admin endpoint. */
@ExtendWith(VertxExtension.class)
class UpstreamHealthThroughGatewayTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void theAdminPortShowsTheUpstreamGoingDownAndComingBack(Vertx vertx) {
    env = start(vertx, Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "50"));
    WebClient web = WebClient.create(vertx);
    assertThat(upstream(web).getString("state")).isEqualTo("UP");

    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(upstream(web).getString("state")));
    assertThat(upstream(web).getString("reason")).contains("consecutive failures");

    env.simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(upstream(web).getString("state")));
  }

  @Test
  void proxiedRequestsThatCannotConnectMakeItDownLongBeforeTheNextProbe(Vertx vertx) {
    env = start(vertx, Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "600000"));
    WebClient web = WebClient.create(vertx);
    env.simulator.goDown(DownMode.REFUSE).await();

    for (int i = 0; i < 3; i++) {
      assertThat(web.getAbs(env.url() + "/v1/models").putHeader("Authorization", TestGateway.AUTH).send().await()
          .statusCode()).isEqualTo(502);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    assertThat(upstream(web).getString("reason")).contains("a proxied request could not connect");
  }

  @Test
  void aBurstOfProxied503sMakesItDown(Vertx vertx) {
    env = start(vertx, Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "600000",
        "GATEWAY_HEALTH_SERVER_ERRORS_TO_DOWN", "4"));
    WebClient web = WebClient.create(vertx);
    env.simulator.goDown(DownMode.UNAVAILABLE).await();

    for (int i = 0; i < 4; i++) {
      assertThat(web.getAbs(env.url() + "/v1/models").putHeader("Authorization", TestGateway.AUTH).send().await()
          .statusCode()).isEqualTo(503);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    assertThat(upstream(web).getString("reason")).startsWith("4 server errors (5xx) on proxied requests");
  }

  @Test
  void submissionsMeetingAnUnreachableUpstreamMakeItDownAndLaterOnesQueueAtOnce(Vertx vertx) {
    env = start(vertx, Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "600000"));
    WebClient web = WebClient.create(vertx);
    TestGateway.vouch(env.url());
    env.simulator.goDown(DownMode.REFUSE).await();

    // Only job routes carry traffic here: their failed connects are passive signals like the passthrough's.
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> queued = submit(web);
      assertThat(queued.statusCode()).isEqualTo(201);
      assertThat(queued.bodyAsJsonObject().getString("status")).isEqualTo("waiting");
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
    assertThat(upstream(web).getString("reason")).contains("a proxied request could not connect");
    web.close();
  }

  private HttpResponse<Buffer> submit(WebClient web) {
    return web.postAbs(env.url() + "/v1/recognitions").putHeader("Authorization", TestGateway.AUTH)
        .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer(new byte[500])).await();
  }

  private TestGateway start(Vertx vertx, Map<String, String> env) {
    return TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), env);
  }

  private JsonObject upstream(WebClient web) {
    return web.getAbs(env.adminUrl() + "/upstream").send().await().bodyAsJsonObject();
  }
}
