package com.sttgateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * P3 and P6 under concurrency: after a wipe, clients delete some jobs and poll the others while recovery runs and
 * an operator replays; a deleted job never lives upstream again, a kept one is created upstream exactly once more.
 */
@ExtendWith(VertxExtension.class)
class RecoveryRacesTest {

  private static final int JOBS = 40;

  @TempDir Path dataDir;
  private TestGateway env;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void deletesPollsAndReplaysRacingRecoveryLeaveExactlyTheKeptJobsUpstream(Vertx vertx) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(RecoveryTest.FAST);
    settings.put("GATEWAY_OPS_TOKEN", "t");
    settings.put("GATEWAY_RECOVERY_RATE_PER_SECOND", "1000");
    settings.put("GATEWAY_RECOVERY_CONCURRENCY", "8");
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults().withWaiting(Duration.ofSeconds(2))
        .withProcessing(Duration.ofMillis(100)), settings);
    Map<String, String> shaById = new LinkedHashMap<>();
    for (int i = 0; i < JOBS; i++) {
      byte[] audio = RecoveryTest.audio(2_000 + i, 100 + i);
      shaById.put(submit(audio), RecoveryTest.sha256(audio));
    }
    List<String> ids = new ArrayList<>(shaById.keySet());
    List<String> deleted = ids.subList(0, JOBS / 2);
    List<String> kept = ids.subList(JOBS / 2, JOBS);
    env.simulator.slowDown(Duration.ofMillis(30)); // widens every window between a read and a write
    env.simulator.wipe();

    List<CompletableFuture<?>> clients = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      kept.forEach(id -> clients.add(send("GET", "/v1/recognitions/" + id)));
      kept.forEach(id -> clients.add(replay(id)));
      if (round == 1) {
        deleted.forEach(id -> clients.add(send("DELETE", "/v1/recognitions/" + id)));
      }
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(); // each has a 60 s timeout
    env.simulator.slowDown(Duration.ZERO);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      for (String id : kept) {
        assertThat(send("GET", "/v1/recognitions/" + id).get().body()).as(id)
            .contains("\"status\":\"completed\"").contains("sha256:" + shaById.get(id));
      }
    });
    for (String id : deleted) {
      assertThat(send("GET", "/v1/recognitions/" + id).get().statusCode()).as(id).isEqualTo(404);
    }
    assertThat(env.simulator.stats().jobsKnown()).as("jobs alive upstream: exactly the kept ones")
        .isEqualTo(kept.size());
    Map<String, Long> created = env.simulator.stats().jobsCreatedByAudioSha256();
    kept.forEach(id -> assertThat(created.get(shaById.get(id))).as("creations of kept " + id).isEqualTo(2L));
  }

  private String submit(byte[] audio) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.url() + "/v1/recognitions"))
        .header("Authorization", TestGateway.AUTH).header("Content-Type", "audio/wav")
        .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new io.vertx.core.json.JsonObject(r.body()).getString("id");
  }

  private CompletableFuture<HttpResponse<String>> send(String method, String path) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(env.url() + path)).header("Authorization",
        TestGateway.AUTH).timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString())
        .whenComplete((r, e) -> report(e, method + " " + path));
  }

  private static void report(Throwable failure, String what) {
    if (failure != null) {
      System.err.println("request failed: " + what + ": " + failure);
    }
  }

  private CompletableFuture<HttpResponse<String>> replay(String id) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(env.adminUrl() + "/ops/jobs/" + id + "/replay"))
        .header("Authorization", "Bearer t").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> report(e, "replay " + id));
  }
}
