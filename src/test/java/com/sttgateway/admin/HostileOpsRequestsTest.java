package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ops requests that are wrong or dangerous: refused with 400 in the error shape, never half-understood. */
@ExtendWith(VertxExtension.class)
class HostileOpsRequestsTest {

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aCursorTheGatewayDidNotMakeIsRefusedInsteadOfRestartingAtTheFirstPage(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    ops.submitMany(3);
    String notACursor = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    for (String cursor : List.of("%zz", "%", "abc", "!!!!", "%20", notACursor,
        "MjAyNi0wMS0wMVQwMDowMDowMFp8")) {
      HttpResponse<Buffer> page = ops.call(HttpMethod.GET, "/ops/jobs?limit=1&cursor=" + cursor);

      assertThat(page.statusCode()).as("cursor " + cursor + ": " + page.bodyAsString()).isEqualTo(400);
      JsonObject error = page.bodyAsJsonObject();
      assertThat(error.getInteger("code")).isEqualTo(400);
      assertThat(error.getString("error")).contains("cursor");
    }
  }

  @Test
  void aRealBulkReplayOfEverythingNeedsAnExplicitAll(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    for (JsonObject body : List.of(new JsonObject().put("dryRun", false),
        new JsonObject().put("dryRun", false).put("filter", new JsonObject()))) {
      HttpResponse<Buffer> refused = replays(body);

      assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("error")).contains("\"all\": true");
    }
    assertThat(ops.get("/ops/replays").getJsonArray("tasks")).isEmpty();

    HttpResponse<Buffer> all = replays(new JsonObject().put("dryRun", false).put("all", true));
    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(202);
    assertThat(replays(new JsonObject().put("dryRun", false).put("filter", new JsonObject().put("state", "dead")))
        .statusCode()).isEqualTo(202);
  }

  private HttpResponse<Buffer> replays(JsonObject body) {
    return ops.request(HttpMethod.POST, "/ops/replays").putHeader("X-Operator", "grace").sendJsonObject(body).await();
  }
}
