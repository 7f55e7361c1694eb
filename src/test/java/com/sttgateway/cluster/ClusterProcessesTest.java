package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.GatewayProcess;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's proof, in short form (bench/cluster runs it with 300 jobs): three gateway processes over one S3 server
 * process and the simulator, with a slow upstream. A member {@code kill -9}ed in the middle of resubmission after a
 * wipe: every job completes under its id, and none is created upstream twice after the wipe. Two members stopped
 * together by SIGTERM with queued jobs: none is lost from the index, all are resubmitted.
 */
@ExtendWith(VertxExtension.class)
class ClusterProcessesTest {

  private static final int JOBS = 45;
  private static final int QUEUED = 24;
  private static final Duration WAITING = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Member[] members = new Member[3];
  private Simulator simulator;
  private Map<String, String> shared;

  /** One gateway process and its ports. */
  private record Member(GatewayProcess process, int port, int admin, int cluster) {
    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Member m : members) {
      if (m != null) {
        m.process().close();
      }
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  @Timeout(value = 8, timeUnit = TimeUnit.MINUTES) // process starts take long on a loaded machine
  void aMemberKilledDuringResubmissionAndTwoStoppedTogetherLoseNoJobAndSendNoneTwice(Vertx vertx) throws Exception {
    startCluster(vertx);
    for (Member m : members) {
      TestGateway.vouch(m.url());
    }
    // Jobs wait upstream longer than the submission takes: none finishes before the wipe, each is resubmitted.
    Map<String, String> shaById = submit(JOBS, 0);
    simulator.slowDown(Duration.ofMillis(200));
    long before = simulator.stats().jobsCreated();
    simulator.wipe();

    // kill -9 once the members are resubmitting, and before they are done.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> simulator.stats().jobsCreated() - before >= JOBS / 5);
    long sentBeforeKill = simulator.stats().jobsCreated() - before;
    members[2].process().kill();
    assertThat(sentBeforeKill).as("resubmissions when the member was killed").isLessThan(JOBS);

    simulator.slowDown(Duration.ZERO);
    awaitCompleted(members[0].url(), shaById);
    createdTimes(shaById, 2); // once before the wipe, once after

    // Two members stopped together (SIGTERM) while jobs are queued: the third holds and resubmits them all.
    members[2] = launch(2);
    awaitReady(members[2]);
    TestGateway.vouch(members[2].url());
    simulator.goDown(DownMode.REFUSE).await();
    Map<String, String> queued = submit(QUEUED, JOBS);
    members[1].process().terminate();
    members[2].process().terminate();
    members[1].process().close();
    members[2].process().close();
    for (String id : queued.keySet()) {
      assertThat(status(members[0].url(), id)).as("job " + id + " at the survivor").isEqualTo("waiting");
    }
    simulator.comeBack().await();
    awaitCompleted(members[0].url(), queued);
    createdTimes(queued, 1);
  }

  private void startCluster(Vertx vertx) throws Exception {
    simulator = Simulator.start(vertx, ClusterOwnershipTest.quickJobs().withWaiting(WAITING)).await();
    closing.add(() -> simulator.close().await());
    S3Process s3 = S3Process.start(dir.resolve("s3"));
    closing.add(s3);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    int[] clusterPorts = {ClusterFixture.freePort(), ClusterFixture.freePort(), ClusterFixture.freePort()};
    shared = new HashMap<>(ClusterOwnershipTest.settings(s3.env()));
    shared.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    shared.put("GATEWAY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
    shared.put("GATEWAY_CLUSTER_NAME", "processes-" + UUID.randomUUID());
    shared.put("GATEWAY_CLUSTER_MEMBERS", Arrays.stream(clusterPorts).mapToObj(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(",")));
    shared.put("GATEWAY_RECOVERY_CONCURRENCY", "2");
    // The health probe must outlast the slow upstream's latency (its timeout is the interval), or the members
    // take the upstream for down and pause recovery.
    shared.put("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "2000");
    shared.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:TieredStopAtLevel=1 -Dhazelcast.wait.seconds.before.join=0");
    for (int i = 0; i < 3; i++) {
      members[i] = new Member(null, ClusterFixture.freePort(), ClusterFixture.freePort(), clusterPorts[i]);
    }
    // Relay mode, so that resubmissions carry a marker and a member taking over a killed one's finds what the
    // upstream accepted; member 0, never stopped, stands in for the load balancer the upstream calls back.
    shared.put("GATEWAY_CALLBACKS_PUBLIC_URL", members[0].url());
    for (int i = 0; i < 3; i++) {
      members[i] = launch(i);
    }
    for (Member m : members) {
      awaitReady(m);
    }
  }

  /** Starts (or restarts, on the same folder and ports) member {@code i}. */
  private Member launch(int i) throws Exception {
    Member m = members[i];
    Map<String, String> env = new HashMap<>(TestGateway.baseEnv(dir.resolve("member-" + i)));
    env.putAll(shared);
    env.put("GATEWAY_PORT", String.valueOf(m.port()));
    env.put("GATEWAY_ADMIN_PORT", String.valueOf(m.admin()));
    env.put("GATEWAY_CLUSTER_PORT", String.valueOf(m.cluster()));
    // Their output stays in target/ for a failure's post-mortem.
    Path work = Files.createDirectories(Path.of("target", "cluster-processes", dir.getFileName() + "-" + i));
    return new Member(GatewayProcess.start(work, env, "serve"), m.port(), m.admin(), m.cluster());
  }

  private void awaitReady(Member m) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!m.process().alive()) {
        throw new AssertionError("member exited:\n" + m.process().stderr() + m.process().stdout());
      }
      try {
        return get("http://127.0.0.1:" + m.admin() + "/health/ready").statusCode() == 200;
      } catch (java.io.IOException notListeningYet) {
        return false;
      }
    });
  }

  /** Submits {@code n} jobs of unique audio through the members in turn; the ids and their audio's SHA-256. */
  private Map<String, String> submit(int n, int seed) throws Exception {
    Map<String, String> shaById = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] audio = new byte[400 + i];
      new Random(seed + i).nextBytes(audio);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(members[i % 3].url() + "/v1/recognitions"))
          .header("Authorization", TestGateway.AUTH).header("Content-Type", "audio/wav")
          .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      shaById.put(new JsonObject(r.body()).getString("id"),
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio)));
    }
    return shaById;
  }

  private void awaitCompleted(String url, Map<String, String> shaById) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (String id : shaById.keySet()) {
        assertThat(status(url, id)).as(id).isEqualTo("completed");
      }
    });
  }

  /** Each job's audio was created upstream exactly {@code times} times. */
  private void createdTimes(Map<String, String> shaById, long times) {
    Map<String, Long> created = simulator.stats().jobsCreatedByAudioSha256();
    Map<String, Long> wrong = shaById.entrySet().stream()
        .filter(e -> created.getOrDefault(e.getValue(), 0L) != times)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> created.getOrDefault(e.getValue(), 0L)));
    assertThat(wrong).as("jobs not created upstream exactly " + times + " time(s): id -> creations").isEmpty();
  }

  private String status(String url, String id) throws Exception {
    HttpResponse<String> r = get(url + "/v1/recognitions/" + id);
    return r.statusCode() == 200 ? new JsonObject(r.body()).getString("status") : String.valueOf(r.statusCode());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestGateway.AUTH)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
