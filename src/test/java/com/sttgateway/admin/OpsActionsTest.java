package com.sttgateway.admin;

import com.sttgateway.journal.JobObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.journal.JobJournal;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Replay, park, unpark, drop and callback re-registration, each recorded with the operator who asked. */
@ExtendWith(VertxExtension.class)
class OpsActionsTest {

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void parkedJobsWaitForAnOperatorAndAReplayResubmitsOneNow(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    ops.upstreamDown();
    String id = ops.submit();
    HttpResponse<Buffer> parked = ops.post("/ops/jobs/" + id + "/park", "alice");
    assertThat(parked.statusCode()).isEqualTo(200);
    assertThat(parked.bodyAsJsonObject().getString("state")).isEqualTo("dead");
    ops.upstreamUp();
    await().atMost(Duration.ofSeconds(5)).until(() -> ops.env.gateway.recovery().lastRun()
        .getString("trigger", "").equals("upstream came back"));
    assertThat(ops.env.simulator.stats().jobsCreated()).as("recovery leaves a dead job alone").isZero();

    HttpResponse<Buffer> replay = ops.post("/ops/jobs/" + id + "/replay", "carol");
    assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(202);
    assertThat(replay.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(replay.bodyAsJsonObject().getString("state")).isEqualTo("submitted");
    assertThat(ops.env.simulator.stats().jobsCreated()).isEqualTo(1);
    JsonObject job = ops.job(id);
    assertThat(job.getString("upstreamId")).isNotNull();
    assertThat(job.getJsonArray("history").stream().map(h -> (JsonObject) h)
        .filter(h -> "carol".equals(h.getString("by"))).map(h -> h.getString("event")))
        .containsExactly("replay", "resubmitting");
  }

  @Test
  void unparkQueuesADeadJobWithAttemptsResetAndRecoveryResubmitsIt(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    ops.upstreamDown();
    String id = ops.submit();
    ops.post("/ops/jobs/" + id + "/park", "alice");
    HttpResponse<Buffer> whileDown = ops.post("/ops/jobs/" + id + "/unpark", "dave");
    assertThat(whileDown.statusCode()).isEqualTo(200);
    assertThat(whileDown.bodyAsJsonObject().getString("state")).isEqualTo("queued");
    assertThat(whileDown.bodyAsJsonObject().getInteger("attempts")).isZero();
    assertThat(whileDown.bodyAsJsonObject().getJsonObject("lastEvent").getString("by")).isEqualTo("dave");

    ops.upstreamUp();
    await().atMost(Duration.ofSeconds(10)).until(() -> ops.job(id).getString("state").equals("submitted"));
    assertThat(ops.job(id).getInteger("attempts")).isEqualTo(1);
    assertThat(ops.env.simulator.stats().jobsCreated()).isEqualTo(1);
  }

  @Test
  void finishedJobsCannotBeReplayedOrParkedAndOnlyDeadOnesUnparked(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    String submitted = ops.submit();
    HttpResponse<Buffer> stillUpstream = ops.post("/ops/jobs/" + submitted + "/replay", "alice");
    assertThat(stillUpstream.statusCode()).isEqualTo(409);
    assertThat(stillUpstream.bodyAsJsonObject().getString("error")).contains("upstream still has");
    assertThat(ops.post("/ops/jobs/" + submitted + "/unpark", "alice").statusCode()).isEqualTo(409);

    ops.env.gateway.journal().transition(submitted,
        r -> r.transition(JobState.RETRIEVED, r.upstreamId(), r.lastStatus(), null, "retrieved", "test")).await();
    assertThat(ops.post("/ops/jobs/" + submitted + "/replay", "alice").statusCode()).isEqualTo(409);
    assertThat(ops.post("/ops/jobs/" + submitted + "/park", "alice").statusCode()).isEqualTo(409);
    assertThat(ops.post("/ops/jobs/nope/replay", "alice").statusCode()).isEqualTo(404);
    assertThat(ops.env.simulator.stats().jobsCreated()).isEqualTo(1);
  }

  @Test
  void aSubmittedJobTheUpstreamLostIsReplayedUnderItsId(Vertx vertx) {
    // The loss watch would find the lost job too, within seconds, and the replay would then meet its claim (409).
    ops = OpsClient.start(vertx, dataDir, Map.of("GATEWAY_RECOVERY_CHECK_INTERVAL_MILLIS", "3600000"));
    String id = ops.submit();
    String firstUpstreamId = ops.job(id).getString("upstreamId");
    ops.env.simulator.wipe();
    HttpResponse<Buffer> replay = ops.post("/ops/jobs/" + id + "/replay", "erin");
    assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(202);
    JsonObject job = ops.job(id);
    assertThat(job.getString("state")).isEqualTo("submitted");
    assertThat(job.getString("upstreamId")).isNotEqualTo(firstUpstreamId);
    assertThat(job.getInteger("attempts")).isEqualTo(2);
  }

  @Test
  void dropNeedsTheIdAsConfirmationAndRemovesRecordAudioAndResults(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    String id = ops.submit();
    String audioKey = ops.job(id).getString("audioKey");
    ops.env.gateway.store().putJson(JobObjects.results(id), new JsonObject().put("id", id)).await();

    HttpResponse<Buffer> unconfirmed = ops.call(HttpMethod.DELETE, "/ops/jobs/" + id);
    assertThat(unconfirmed.statusCode()).isEqualTo(400);
    assertThat(unconfirmed.bodyAsJsonObject().getString("error")).contains("confirm=" + id);
    assertThat(ops.call(HttpMethod.DELETE, "/ops/jobs/" + id + "?confirm=other").statusCode()).isEqualTo(400);
    assertThat(ops.job(id).getString("state")).isEqualTo("submitted");

    assertThat(ops.call(HttpMethod.DELETE, "/ops/jobs/" + id + "?confirm=" + id).statusCode()).isEqualTo(204);
    assertThat(ops.call(HttpMethod.GET, "/ops/jobs/" + id).statusCode()).isEqualTo(404);
    assertThat(ops.env.gateway.store().stat(audioKey).await()).isNull();
    assertThat(ops.env.gateway.store().stat(JobObjects.results(id)).await()).isNull();
    assertThat(ops.env.gateway.store().stat("jobs/" + id + "/record.json").await()).isNull();
    assertThat(ops.ids("")).isEmpty();
  }

  @Test
  void callbacksAreListedWithoutSecretsAndReregisteredOnRequest(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    var receiver = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/plain").end(req.getParam("challenge_string", ""))).listen(0).await();
    String url = "http://127.0.0.1:" + receiver.actualPort() + "/notify";
    HttpResponse<Buffer> registered = ops.web.postAbs(ops.env.url() + "/v1/register_callback?callback_url=" + url
        + "&user_secret=s3cr3t-value").putHeader("Authorization", TestGateway.AUTH).send().await();
    assertThat(registered.statusCode()).isEqualTo(201);

    JsonObject callback = ops.get("/ops/callbacks").getJsonArray("callbacks").getJsonObject(0);
    assertThat(callback.getString("url")).isEqualTo(url);
    assertThat(callback.getBoolean("hasSecret")).isTrue();
    assertThat(callback.getString("tenant")).hasSize(64);
    assertThat(callback.encode()).doesNotContain("s3cr3t-value");

    ops.submit("callback_url=" + url, TestGateway.AUTH); // in replay.auth=client, a job lends its credential
    ops.env.simulator.wipe();
    assertThat(ops.env.simulator.stats().allowlistedCallbacks()).isEmpty();
    HttpResponse<Buffer> again = ops.post("/ops/callbacks/reregister", "frank");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.bodyAsJsonObject().getBoolean("started")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> ops.env.simulator.stats().allowlistedCallbacks(),
        list -> list.contains(url));
    receiver.close().await();
  }
}
