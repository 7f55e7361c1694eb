package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** P6 in a cluster: each member recovers the jobs whose partitions it owns, and every job is sent exactly once. */
@ExtendWith(VertxExtension.class)
class ClusterOwnershipTest {

  static final Map<String, String> FAST = Map.of(
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1",
      "GATEWAY_RECOVERY_INTERVAL_SECONDS", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "100",
      "GATEWAY_RECOVERY_RATE_PER_SECOND", "1000");
  private static final int JOBS = 24;

  @TempDir Path dir;
  private ClusterFixture cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void eachMemberResubmitsOnlyTheQueuedJobsItOwnsAndEveryJobExactlyOnce(Vertx vertx) throws Exception {
    cluster = ClusterFixture.start(vertx, dir, 2, quickJobs(), FAST);
    Map<String, String> shaById = queueWhileDown(cluster, JOBS);

    cluster.simulator.comeBack().await();
    awaitCompleted(cluster.url(0), shaById.keySet());

    Map<String, Long> created = cluster.simulator.stats().jobsCreatedByAudioSha256();
    shaById.values().forEach(sha -> assertThat(created.get(sha)).as("creations of " + sha).isEqualTo(1L));
    Set<String> senders = new HashSet<>();
    Gateway any = cluster.gateways.get(0);
    for (String id : shaById.keySet()) {
      String owner = ClusterFixture.ownerOf(any, id);
      assertThat(resubmittingMembers(any.journal().get(id).await())).as("members that sent " + id)
          .containsExactly(owner);
      senders.add(owner);
    }
    assertThat(senders).as("both members worked").hasSize(2);
  }

  static SimulatorOptions quickJobs() {
    return SimulatorOptions.defaults().withWaiting(Duration.ofMillis(50)).withProcessing(Duration.ofMillis(50));
  }

  /** Takes the upstream down, then submits {@code jobs} through the members in turn; they are queued. */
  static Map<String, String> queueWhileDown(ClusterFixture cluster, int jobs) throws Exception {
    for (int m = 0; m < cluster.gateways.size(); m++) {
      TestGateway.vouch(cluster.url(m));
    }
    cluster.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.gateways.stream()
        .allMatch(g -> g.health().state() == UpstreamState.DOWN));
    Map<String, String> shaById = new LinkedHashMap<>();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < jobs; i++) {
      byte[] audio = new byte[600 + i];
      new Random(i).nextBytes(audio);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create(cluster.url(i % cluster.gateways.size()) + "/v1/recognitions"))
          .header("Authorization", TestGateway.AUTH).header("Content-Type", "audio/wav")
          .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonObject job = new JsonObject(r.body());
      assertThat(job.getString("status")).isEqualTo("waiting");
      shaById.put(job.getString("id"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio)));
    }
    return shaById;
  }

  /** Waits until every job answers "completed" to its client at {@code url}. */
  static void awaitCompleted(String url, Set<String> ids) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      for (String id : ids) {
        assertThat(status(url, id)).as(id).isEqualTo("completed");
      }
    });
  }

  /** The job's status as its client sees it through the gateway at {@code url}. */
  static String status(String url, String id) throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(url + "/v1/recognitions/" + id)).header("Authorization", TestGateway.AUTH)
            .build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? new JsonObject(r.body()).getString("status") : String.valueOf(r.statusCode());
  }

  /** The members named in the job's "resubmitting" history entries, in order. */
  static java.util.List<String> resubmittingMembers(JobRecord job) {
    return job.history().stream().filter(h -> h.event().equals("resubmitting"))
        .map(h -> h.detail().substring(h.detail().lastIndexOf("member ") + "member ".length())).toList();
  }

  static Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(FAST);
    s.putAll(extra);
    return s;
  }
}
