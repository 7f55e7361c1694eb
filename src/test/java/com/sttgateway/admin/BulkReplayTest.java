package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bulk replay as a server-side task: plan, dry run, run at a rate, progress, cancel. */
@ExtendWith(VertxExtension.class)
class BulkReplayTest {

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  /** {@code n} jobs queued while the upstream is down, parked as dead, then the upstream back. */
  private List<String> deadJobs(int n) {
    ops.upstreamDown();
    List<String> ids = ops.submitMany(n);
    ids.forEach(id -> assertThat(ops.post("/ops/jobs/" + id + "/park", "alice").statusCode()).isEqualTo(200));
    return ids;
  }

  private HttpResponse<Buffer> replays(JsonObject body) {
    return ops.request(HttpMethod.POST, "/ops/replays").putHeader("X-Operator", "grace").sendJsonObject(body).await();
  }

  @Test
  void aDryRunPlansExactlyTheJobsTheRealRunReplays(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    String submitted = ops.submit();
    List<String> dead = deadJobs(4);
    String queued = ops.submit(); // stays queued while the upstream is down
    JsonObject deadOnly = new JsonObject().put("state", new JsonArray().add("dead"));

    JsonObject plan = replays(new JsonObject().put("filter", deadOnly).put("dryRun", true).put("ratePerSecond", 2))
        .bodyAsJsonObject();
    assertThat(plan.getBoolean("dryRun")).isTrue();
    assertThat(plan.getInteger("planned")).isEqualTo(4);
    assertThat(plan.getLong("estimateSeconds")).isEqualTo(2);
    assertThat(plan.getJsonArray("sample").getList()).containsExactlyElementsOf(dead);
    JsonObject everything = replays(new JsonObject().put("dryRun", true)).bodyAsJsonObject();
    assertThat(everything.getInteger("planned")).as("submitted jobs are not bulk-replayed").isEqualTo(5);
    assertThat(everything.getJsonArray("sample").getList()).doesNotContain(submitted).contains(queued);

    ops.upstreamUp(); // recovery resubmits the queued one, not the dead ones
    await().atMost(Duration.ofSeconds(10)).until(() -> ops.job(queued).getString("state").equals("submitted"));
    long before = ops.env.simulator.stats().jobsCreated();
    HttpResponse<Buffer> started = replays(new JsonObject().put("filter", deadOnly).put("dryRun", false)
        .put("ratePerSecond", 50));
    assertThat(started.statusCode()).isEqualTo(202);
    JsonObject task = started.bodyAsJsonObject();
    assertThat(task.getString("state")).isEqualTo("running");
    assertThat(task.getInteger("planned")).isEqualTo(4);
    assertThat(task.getString("by")).isEqualTo("grace");
    assertThat(task.getJsonObject("filter").getJsonArray("state").getList()).containsExactly("dead");

    JsonObject finished = await().atMost(Duration.ofSeconds(10))
        .until(() -> ops.get("/ops/replays/" + task.getString("id")), t -> t.getString("state").equals("completed"));
    assertThat(finished.getInteger("done")).isEqualTo(plan.getInteger("planned"));
    assertThat(finished.getInteger("failed") + finished.getInteger("skipped")).isZero();
    assertThat(ops.env.simulator.stats().jobsCreated() - before).isEqualTo(4);
    for (String id : dead) {
      JsonObject job = ops.job(id);
      assertThat(job.getString("state")).isEqualTo("submitted");
      assertThat(job.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("by")))
          .contains("grace");
    }
    assertThat(ops.get("/ops/replays").getJsonArray("tasks").getJsonObject(0).getString("id"))
        .isEqualTo(task.getString("id"));
  }

  @Test
  void cancelStopsARunningReplayBeforeItsNextJob(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    deadJobs(6);
    ops.upstreamUp();
    JsonObject task = replays(new JsonObject().put("filter", new JsonObject().put("state", "dead"))
        .put("dryRun", false).put("ratePerSecond", 0.5)).bodyAsJsonObject();
    String path = "/ops/replays/" + task.getString("id");
    await().atMost(Duration.ofSeconds(5)).until(() -> ops.get(path).getInteger("done") >= 1);

    JsonObject cancelled = ops.json(HttpMethod.POST, path + "/cancel", 200);
    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    int done = cancelled.getInteger("done");
    assertThat(done).isLessThan(6);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
        ops.get(path).getInteger("done") == done && ops.env.simulator.stats().jobsCreated() == done);
    assertThat(ops.get("/ops/status").getJsonObject("jobs").getLong("dead")).isEqualTo(6 - done);
  }

  @Test
  void badRequestsAndUnknownTasksAnswerInTheErrorShape(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    assertThat(replays(new JsonObject().put("ratePerSecond", 0)).statusCode()).isEqualTo(400);
    assertThat(replays(new JsonObject().put("ratePerSecond", "fast")).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badState = replays(new JsonObject().put("filter", new JsonObject().put("state", "lost")));
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(badState.bodyAsJsonObject().getString("error")).contains("state: 'lost'");
    HttpResponse<Buffer> notJson = ops.request(HttpMethod.POST, "/ops/replays").sendBuffer(Buffer.buffer("{")).await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(ops.call(HttpMethod.GET, "/ops/replays/nope").statusCode()).isEqualTo(404);
    assertThat(ops.call(HttpMethod.POST, "/ops/replays/nope/cancel").statusCode()).isEqualTo(404);
    JsonObject planned = replays(new JsonObject()).bodyAsJsonObject();
    assertThat(planned.getBoolean("dryRun")).as("without dryRun a request only plans").isTrue();
    assertThat(planned.getInteger("planned")).isZero();
  }
}
