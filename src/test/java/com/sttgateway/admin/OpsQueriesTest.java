package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** GET /ops/status, /ops/jobs (every filter, cursor paging) and /ops/jobs/{id}, over jobs submitted by clients. */
@ExtendWith(VertxExtension.class)
class OpsQueriesTest {

  static final String OTHER_TENANT = "Basic YXBpa2V5Onk="; // apikey:y

  @TempDir Path dataDir;
  private OpsClient ops;

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void statusCountsJobsPerStateAndNamesTheOldestUnfinished(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    List<String> submitted = ops.submitMany(2);
    ops.upstreamDown();
    List<String> queued = ops.submitMany(3);
    ops.post("/ops/jobs/" + queued.get(2) + "/park", "alice");

    JsonObject status = ops.get("/ops/status");
    JsonObject jobs = status.getJsonObject("jobs");
    assertThat(jobs.getLong("submitted")).isEqualTo(2);
    assertThat(jobs.getLong("queued")).isEqualTo(2);
    assertThat(jobs.getLong("dead")).isEqualTo(1);
    assertThat(jobs.fieldNames()).containsExactlyInAnyOrder("received", "queued", "submitted", "completed",
        "retrieved", "failed", "dead", "deleted");
    assertThat(status.getLong("unfinished")).isEqualTo(4);
    assertThat(status.getJsonObject("oldestUnfinished").getString("id")).isEqualTo(submitted.get(0));
    assertThat(status.getJsonObject("oldestUnfinished").getLong("ageSeconds")).isGreaterThanOrEqualTo(0);
    assertThat(status.getJsonObject("upstream").getString("state")).isEqualTo("DOWN");
    assertThat(status.getJsonObject("recovery").getString("trigger")).isEqualTo("start");
    assertThat(status.getJsonObject("cluster").getJsonArray("members")).hasSize(1);
    assertThat(status.getJsonObject("cluster").getJsonArray("members").getJsonObject(0).getBoolean("local")).isTrue();
    assertThat(status.getJsonObject("objectStore").getString("status")).isEqualTo("UP");
    assertThat(status.getJsonObject("objectStore").getString("bucket")).isEqualTo("stt-gateway");
  }

  @Test
  void everyFilterSelectsExactlyTheMatchingJobs(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    String plain = ops.submit();
    ops.upstreamDown();
    Instant afterFirst = Instant.now();
    String hook = "http://client.example:8081/hooks/stt";
    String withCallback = ops.submit("callback_url=" + encode(hook) + "&user_token=batch-7-alpha&events="
        + "recognitions.completed", TestGateway.AUTH);
    String withToken = ops.submit("user_token=batch-8-beta", TestGateway.AUTH);
    String otherTenant = ops.submit("", OTHER_TENANT);
    Instant beforeLast = Instant.now();
    String last = ops.submit();
    ops.post("/ops/jobs/" + withToken + "/park", "alice");
    String tenantOfOther = ops.job(otherTenant).getString("tenant");

    assertThat(ops.ids("")).containsExactly(plain, withCallback, withToken, otherTenant, last);
    assertThat(ops.ids("state=queued")).containsExactly(withCallback, otherTenant, last);
    assertThat(ops.ids("state=submitted,dead")).containsExactly(plain, withToken);
    assertThat(ops.ids("tenant=" + tenantOfOther)).containsExactly(otherTenant);
    assertThat(ops.ids("createdSince=" + afterFirst)).containsExactly(withCallback, withToken, otherTenant, last);
    assertThat(ops.ids("createdUntil=" + afterFirst)).containsExactly(plain);
    assertThat(ops.ids("createdSince=" + afterFirst + "&createdUntil=" + beforeLast))
        .containsExactly(withCallback, withToken, otherTenant);
    Instant parked = Instant.parse(ops.job(withToken).getString("updated"));
    assertThat(ops.ids("updatedSince=" + parked)).containsExactly(withToken);
    assertThat(ops.ids("updatedUntil=" + parked)).doesNotContain(withToken).hasSize(4);
    assertThat(ops.ids("callbackUrl=" + encode("HTTP://Client.Example:8081/hooks/stt"))).containsExactly(withCallback);
    assertThat(ops.ids("callbackUrl=" + encode("http://client.example:8081/other"))).isEmpty();
    assertThat(ops.ids("userToken=batch-")).containsExactly(withCallback, withToken);
    assertThat(ops.ids("userToken=beta")).containsExactly(withToken);
    assertThat(ops.ids("minAttempts=1")).hasSize(5);
    assertThat(ops.ids("minAttempts=2")).isEmpty();
    assertThat(ops.ids("state=queued&tenant=" + tenantOfOther + "&createdSince=" + afterFirst))
        .containsExactly(otherTenant);
  }

  @Test
  void minAttemptsCountsResubmissions(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    String once = ops.submit();
    ops.upstreamDown();
    String twice = ops.submit();
    ops.post("/ops/jobs/" + twice + "/park", "alice");
    ops.upstreamUp();
    assertThat(ops.post("/ops/jobs/" + twice + "/replay", "alice").statusCode()).isEqualTo(202);
    assertThat(ops.ids("minAttempts=2")).containsExactly(twice);
    assertThat(ops.ids("minAttempts=1")).contains(once, twice);
  }

  @Test
  void pagesThroughEveryJobWithACursorWithoutDuplicatesOrGaps(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    List<String> all = ops.submitMany(12);
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = ops.get("/ops/jobs?limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("jobs").forEach(j -> seen.add(((JsonObject) j).getString("id")));
      sizes.add(page.getJsonArray("jobs").size());
      cursor = page.getString("next");
    } while (cursor != null);
    assertThat(sizes).containsExactly(5, 5, 2);
    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(ops.ids("limit=500")).containsExactlyElementsOf(all);
    assertThat(ops.get("/ops/jobs?limit=12").getString("next")).isNull();
  }

  @Test
  void badParametersAnswer400InTheErrorShape(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    for (String query : List.of("state=bogus", "createdSince=yesterday", "updatedUntil=2026-13-01", "minAttempts=-1",
        "minAttempts=many", "limit=0", "limit=501", "cursor=not-a-cursor", "callbackUrl=ftp%3A%2F%2Fx")) {
      HttpResponse<Buffer> r = ops.call(HttpMethod.GET, "/ops/jobs?" + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getInteger("code")).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("code_description")).isEqualTo("Bad Request");
      assertThat(r.bodyAsJsonObject().getString("error")).as(query).contains(query.substring(0, query.indexOf('=')));
    }
  }

  @Test
  void jobDetailIsTheWholeRecordWithItsHistoryButNeverTheCredential(Vertx vertx) {
    ops = OpsClient.start(vertx, dataDir);
    ops.upstreamDown();
    String id = ops.submit("user_token=t1", TestGateway.AUTH);
    ops.post("/ops/jobs/" + id + "/park", "bob");

    JsonObject job = ops.job(id);
    assertThat(job.getString("id")).isEqualTo(id);
    assertThat(job.getString("state")).isEqualTo("dead");
    assertThat(job.getString("query")).isEqualTo("user_token=t1");
    assertThat(job.getString("userToken")).isEqualTo("t1");
    assertThat(job.getJsonObject("headers").getString("Content-Type")).isEqualTo("audio/wav");
    assertThat(job.getString("audioKey")).startsWith("audio/");
    assertThat(job.getString("audioSha256")).hasSize(64);
    assertThat(job.getLong("audioBytes")).isBetween(300L, 500L);
    assertThat(job.getString("basePath")).isNotNull();
    assertThat(job.getJsonObject("lastStatus").getString("status")).isEqualTo("waiting");
    assertThat(job.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("event")))
        .containsExactly("queued", "parked");
    assertThat(job.getJsonArray("history").getJsonObject(0).containsKey("by")).isFalse();
    assertThat(job.getJsonArray("history").getJsonObject(1).getString("by")).isEqualTo("bob");
    assertThat(job.getJsonObject("lastEvent").getString("detail")).isEqualTo("parked by bob");
    assertThat(job.encode()).doesNotContain("sealed").doesNotContain(TestGateway.AUTH);

    HttpResponse<Buffer> unknown = ops.call(HttpMethod.GET, "/ops/jobs/no-such-job");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("no-such-job");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

}
