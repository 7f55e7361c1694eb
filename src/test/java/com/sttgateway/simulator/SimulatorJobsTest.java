package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.BASIC_AUTH;
import static com.sttgateway.simulator.SimTestSupport.api;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.failingAudio;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.SimTestSupport.transcriptOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorJobsTest {

  private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @Test
  void rejectsApiCallsWithoutCredentialsWithTheObserved401Body(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> response = SimTestSupport.await(client.getAbs(simulator.baseUrl() + "/v1/recognitions").send());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response)).isEqualTo(new JsonObject().put("code", 401).put("error", "Unauthorized"));
  }

  @Test
  void acceptsOnlyTheConfiguredApiKeyAsBasicOrBearer(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withApiKey("test-key"));
    WebClient client = SimTestSupport.client(vertx);
    String url = simulator.baseUrl() + "/v1/models";

    int basic = send(client.getAbs(url).putHeader("Authorization", BASIC_AUTH)).statusCode();
    int bearer = send(client.getAbs(url).putHeader("Authorization", "Bearer test-key")).statusCode();
    int wrongBearer = send(client.getAbs(url).putHeader("Authorization", "Bearer other")).statusCode();
    int wrongUser = send(client.getAbs(url).basicAuthentication("someone", "test-key")).statusCode();

    assertThat(List.of(basic, bearer, wrongBearer, wrongUser)).containsExactly(200, 200, 401, 401);
  }

  @Test
  void jobGoesFromWaitingThroughProcessingToCompletedWithTheAudioHashAsTranscript(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withBasePath("/instances/abc")
        .withProcessing(Duration.ofMillis(400)));
    WebClient client = SimTestSupport.client(vertx);
    byte[] audio = audio(3000, 1);

    HttpResponse<Buffer> created = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?model=en-US_Multimedia")
        .putHeader("Content-Type", "audio/wav"), audio);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject job = json(created);
    String id = job.getString("id");
    assertThat(id).matches(UUID_FORM);
    assertThat(job.getString("status")).isEqualTo("waiting");
    assertThat(job.getString("created")).matches(ISO_MILLIS);
    assertThat(job.getString("url"))
        .isEqualTo("http://127.0.0.1:" + simulator.port() + "/instances/abc/v1/recognitions/" + id);
    assertThat(job.containsKey("warnings")).isFalse();

    List<String> seen = new ArrayList<>();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      String status = json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id))).getString("status");
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      return status.equals("completed");
    });
    assertThat(seen).containsSubsequence("processing", "completed").doesNotContain("failed");

    JsonObject done = json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id)));
    assertThat(done.getString("updated")).matches(ISO_MILLIS);
    assertThat(done.containsKey("url")).isFalse();
    JsonArray results = done.getJsonArray("results");
    assertThat(results).hasSize(1);
    assertThat(transcriptOf(results.getJsonObject(0))).isEqualTo("sha256:" + sha256(audio));

    JsonArray listed = json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions")))
        .getJsonArray("recognitions");
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(listed.getJsonObject(0).containsKey("results")).isFalse();

    assertThat(send(api(client, simulator, HttpMethod.DELETE, "/v1/recognitions/" + id)).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> gone = send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).getString("code_description")).isEqualTo("Not Found");
    assertThat(simulator.stats().jobsCreatedByAudioSha256()).containsEntry(sha256(audio), 1L);
  }

  @Test
  void audioStartingWithSimfailEndsFailedWithoutResults(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    String id = json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), failingAudio(500)))
        .getString("id");

    await().atMost(Duration.ofSeconds(5)).until(() ->
        json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id))).getString("status"),
        "failed"::equals);
    assertThat(json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id))).containsKey("results"))
        .isFalse();
  }

  @Test
  void listShowsNewestFirstAndAtMost100Jobs(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withWaiting(Duration.ofSeconds(30)));
    WebClient client = SimTestSupport.client(vertx);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 105; i++) {
      ids.add(json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(100, i))).getString("id"));
    }

    JsonArray listed = json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions")))
        .getJsonArray("recognitions");

    assertThat(listed).hasSize(100);
    assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(ids.get(104));
    assertThat(listed.getJsonObject(99).getString("id")).isEqualTo(ids.get(5));
    assertThat(listed.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "created", "updated", "status");
  }

  @Test
  void userTokenAndEventsWithoutCallbackUrlCreateTheJobWithWarnings(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> created = send(api(client, simulator, HttpMethod.POST,
        "/v1/recognitions?user_token=abc&events=recognitions.started"), audio(200, 2));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).getJsonArray("warnings").getList()).containsExactly(
        "unexpected query parameter 'events', query parameter 'callback_url' was not specified",
        "unexpected query parameter 'user_token', query parameter 'callback_url' was not specified");
  }

  @Test
  void finishedJobDisappearsAfterItsResultsTtl(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withWaiting(Duration.ofMillis(10))
        .withProcessing(Duration.ofMillis(10)).withTtlUnit(Duration.ofMillis(1500)));
    WebClient client = SimTestSupport.client(vertx);

    String id = json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?results_ttl=1"), audio(100, 3)))
        .getString("id");

    // Completed for one TTL unit (long enough to be seen even on a loaded machine), then gone.
    await().atMost(Duration.ofSeconds(2)).until(() ->
        json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id))).getString("status"),
        "completed"::equals);
    await().atMost(Duration.ofSeconds(5)).until(() ->
        send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id)).statusCode() == 404);
    assertThat(simulator.stats().jobsKnown()).isZero();
  }

  @Test
  void deletingAProcessingJobAnswers409AndKeepsIt(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withWaiting(Duration.ofMillis(10))
        .withProcessing(Duration.ofSeconds(30)));
    WebClient client = SimTestSupport.client(vertx);
    String id = json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(100, 4))).getString("id");
    await().atMost(Duration.ofSeconds(2)).until(() ->
        json(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id))).getString("status"),
        "processing"::equals);

    HttpResponse<Buffer> refused = send(api(client, simulator, HttpMethod.DELETE, "/v1/recognitions/" + id));

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json(refused).getString("code_description")).isEqualTo("Conflict");
    assertThat(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id)).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownJobAndUnknownPathAnswer404InTheirShapes(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> job = send(api(client, simulator, HttpMethod.DELETE, "/v1/recognitions/nope"));
    HttpResponse<Buffer> path = send(api(client, simulator, HttpMethod.GET, "/v1/nothing-here"));

    assertThat(job.statusCode()).isEqualTo(404);
    assertThat(json(job).fieldNames()).containsExactlyInAnyOrder("code", "code_description", "error");
    assertThat(path.statusCode()).isEqualTo(404);
    assertThat(json(path).getString("code_description")).isEqualTo("No Such Resource");
  }

  @Test
  void invalidResultsTtlAndUnknownModelAreRefused(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    int ttl = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?results_ttl=soon"), audio(100, 5))
        .statusCode();
    int model = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?model=xx-XX_Nothing"), audio(100, 5))
        .statusCode();

    assertThat(List.of(ttl, model)).containsExactly(400, 404);
    assertThat(simulator.stats().jobsCreated()).isZero();
  }
}
