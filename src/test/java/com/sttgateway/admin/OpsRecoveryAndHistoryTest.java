package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** GET /ops/recovery and GET /ops/history as an operator's script reads them. */
@ExtendWith(VertxExtension.class)
class OpsRecoveryAndHistoryTest {

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void close() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void historySamplesTheQueuedJobsAndTheOutageAndAnswersOnlyLaterSamplesForSince(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir, Map.of("GATEWAY_ADMIN_HISTORY_SAMPLE_MILLIS", "200"));
    ops.upstreamDown();
    ops.submitMany(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> last(ops.get("/ops/history")).getLong("unfinished") == 2);
    JsonObject latest = last(ops.get("/ops/history"));
    assertThat(latest.getString("upstream")).isEqualTo("DOWN");
    assertThat(latest.getJsonObject("jobs").getLong("queued")).isEqualTo(2);
    assertThat(latest.getLong("submissions")).isEqualTo(2);
    assertThat(ops.get("/ops/history").getInteger("sampleMillis")).isEqualTo(200);
    JsonArray later = ops.get("/ops/history?since=" + latest.getString("at")).getJsonArray("samples");
    later.forEach(s -> assertThat(Instant.parse(((JsonObject) s).getString("at")))
        .isAfter(Instant.parse(latest.getString("at"))));
    JsonObject bad = ops.json(HttpMethod.GET, "/ops/history?since=yesterday", 400);
    assertThat(bad.getString("error")).contains("since");
  }

  @Test
  void recoveryListsTheRunThatResubmittedTheQueuedJobsAndNoRunUnderWayAfterwards(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    assertThat(ops.get("/ops/recovery").getJsonArray("runs")).isEmpty();
    ops.upstreamDown();
    ops.submitMany(3);
    ops.upstreamUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> !ops.get("/ops/recovery").getJsonArray("runs").isEmpty()
        && ops.get("/ops/recovery").getValue("current") == null);
    JsonObject run = ops.get("/ops/recovery").getJsonArray("runs").getJsonObject(0);
    assertThat(run.getString("trigger")).isEqualTo("upstream came back");
    assertThat(run.getJsonObject("resubmissions").getInteger("submitted")).isEqualTo(3);
  }

  private static JsonObject last(JsonObject history) {
    JsonArray samples = history.getJsonArray("samples");
    return samples.getJsonObject(samples.size() - 1);
  }
}
